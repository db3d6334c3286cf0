package org.awsdns.server.metrics;

import static java.util.Objects.requireNonNull;


import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;

/** The plugins' {@link Metrics} hook over a Micrometer registry; every name gets {@code awsdns_}. */
public final class MicrometerMetrics implements Metrics {
    private static final String PREFIX = "awsdns_";

    private final MeterRegistry registry;
    private final Tags commonTags;

    public MicrometerMetrics(MeterRegistry registry, String... commonLabels) {
        this.registry = requireNonNull(registry, "registry is null");
        this.commonTags = Tags.of(commonLabels);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The same registry with more labels on every meter, e.g. the server block of a plugin. */
    public MicrometerMetrics withLabels(String... labels) {
        return new MicrometerMetrics(registry, toArray(commonTags.and(labels)));
    }

    @Override
    public Metrics.Counter counter(String name, String help, String... labels) {
        io.micrometer.core.instrument.Counter counter = io.micrometer.core.instrument.Counter.builder(PREFIX + name)
                .description(help)
                .tags(commonTags.and(labels))
                .register(registry);
        return counter::increment;
    }

    @Override
    public void gauge(String name, String help, Supplier<Number> value, String... labels) {
        Gauge.builder(PREFIX + name, value)
                .description(help)
                .tags(commonTags.and(labels))
                .register(registry);
    }

    @Override
    public Metrics.Timer timer(String name, String help, String... labels) {
        io.micrometer.core.instrument.Timer timer = io.micrometer.core.instrument.Timer.builder(PREFIX + name)
                .description(help)
                .tags(commonTags.and(labels))
                .register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String[] toArray(Tags tags) {
        return tags.stream().flatMap(tag -> java.util.stream.Stream.of(tag.getKey(), tag.getValue()))
                .toArray(String[]::new);
    }
}
