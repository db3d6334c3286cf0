package org.awsdns.plugins.testing.unbound;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;

/** Metrics kept in memory so tests can read them: {@code name{k=v,...}}. */
public final class RecordingMetrics implements Metrics {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Number>> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help, String... labels) {
        LongAdder adder = counters.computeIfAbsent(key(name, labels), ignored -> new LongAdder());
        return adder::increment;
    }

    @Override
    public void gauge(String name, String help, Supplier<Number> value, String... labels) {
        gauges.put(key(name, labels), value);
    }

    @Override
    public Timer timer(String name, String help, String... labels) {
        LongAdder adder = counters.computeIfAbsent(key(name, labels) + "_count", ignored -> new LongAdder());
        return nanos -> adder.increment();
    }

    /** A counter's value, 0 when never registered; {@code labels} as in registration. */
    public long count(String name, String... labels) {
        LongAdder adder = counters.get(key(name, labels));
        return adder == null ? 0 : adder.sum();
    }

    public Number gauge(String name, String... labels) {
        Supplier<Number> gauge = gauges.get(key(name, labels));
        if (gauge == null) {
            throw new IllegalArgumentException("no gauge " + key(name, labels) + ", known " + gauges.keySet());
        }
        return gauge.get();
    }

    private static String key(String name, String... labels) {
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            key.append(i == 0 ? "" : ",").append(labels[i]).append('=').append(labels[i + 1]);
        }
        return key.append('}').toString();
    }
}
