package org.awsdns.server.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;

/**
 * The plugins' {@link Metrics} hook over a Micrometer registry; every name gets {@code awsdns_}.
 *
 * <p>Gauges survive a reload: a plugin of the new chain registering the gauge an old plugin
 * registered (same name and labels) takes it over, so the gauge reads the new plugin. A
 * {@linkplain #scope() scope} remembers the gauges registered through it; {@link #release()}
 * removes those no newer plugin took over, so a closed plugin is neither read nor kept alive.
 */
public final class MicrometerMetrics implements Metrics {
    private static final String PREFIX = "awsdns_";

    private final MeterRegistry registry;
    private final Tags commonTags;
    private final ConcurrentMap<GaugeKey, GaugeSlot> gauges;
    /** The gauges registered through this scope, or null when this is not a scope. */
    private final List<Registration> owned;

    public MicrometerMetrics(MeterRegistry registry, String... commonLabels) {
        this(registry, Tags.of(commonLabels), new ConcurrentHashMap<>(), null);
    }

    private MicrometerMetrics(
            MeterRegistry registry, Tags commonTags, ConcurrentMap<GaugeKey, GaugeSlot> gauges, List<Registration> owned) {
        this.registry = requireNonNull(registry, "registry is null");
        this.commonTags = commonTags;
        this.gauges = gauges;
        this.owned = owned;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The same registry with more labels on every meter, e.g. the server block of a plugin. */
    public MicrometerMetrics withLabels(String... labels) {
        return new MicrometerMetrics(registry, commonTags.and(labels), gauges, owned);
    }

    /** The same registry, remembering the gauges registered through it for {@link #release()}. */
    public MicrometerMetrics scope() {
        return new MicrometerMetrics(registry, commonTags, gauges, new ArrayList<>());
    }

    /** Removes the gauges registered through this scope that no later registration took over. */
    public void release() {
        if (owned == null) {
            return;
        }
        List<Registration> registrations;
        synchronized (owned) {
            registrations = List.copyOf(owned);
            owned.clear();
        }
        for (Registration registration : registrations) {
            GaugeSlot slot = registration.slot();
            synchronized (slot) {
                if (slot.value == registration.value() && gauges.remove(registration.key(), slot)) {
                    slot.value = null;
                    registry.remove(slot.gauge);
                }
            }
        }
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
        requireNonNull(value, "value is null");
        Tags tags = commonTags.and(labels);
        GaugeKey key = new GaugeKey(PREFIX + name, tags);
        while (true) {
            GaugeSlot slot = gauges.computeIfAbsent(key, k -> new GaugeSlot(Gauge.builder(k.name(), k, this::read)
                    .description(help)
                    .tags(tags)
                    .strongReference(true)
                    .register(registry)));
            synchronized (slot) {
                if (gauges.get(key) != slot) {
                    continue; // released meanwhile: register again
                }
                slot.value = value;
            }
            if (owned != null) {
                synchronized (owned) {
                    owned.add(new Registration(key, slot, value));
                }
            }
            return;
        }
    }

    private double read(GaugeKey key) {
        GaugeSlot slot = gauges.get(key);
        Supplier<Number> value = slot == null ? null : slot.value;
        Number number = value == null ? null : value.get();
        return number == null ? Double.NaN : number.doubleValue();
    }

    @Override
    public Metrics.Timer timer(String name, String help, String... labels) {
        io.micrometer.core.instrument.Timer timer = io.micrometer.core.instrument.Timer.builder(PREFIX + name)
                .description(help)
                .tags(commonTags.and(labels))
                .serviceLevelObjectives(DurationBuckets.coreDns()) // a histogram, so p99 can be graphed
                .register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private record GaugeKey(String name, Tags tags) {}

    /** One registered gauge and what it reads now. */
    private static final class GaugeSlot {
        private final Gauge gauge;
        private volatile Supplier<Number> value;

        GaugeSlot(Gauge gauge) {
            this.gauge = gauge;
        }
    }

    private record Registration(GaugeKey key, GaugeSlot slot, Supplier<Number> value) {}
}
