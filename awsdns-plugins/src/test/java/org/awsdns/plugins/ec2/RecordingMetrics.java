package org.awsdns.plugins.ec2;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;

/** Metrics kept in maps keyed {@code name{k=v,...}}, failing on a second registration of one meter. */
public final class RecordingMetrics implements Metrics {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Number>> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help, String... labels) {
        AtomicLong value = new AtomicLong();
        if (counters.putIfAbsent(key(name, labels), value) != null) {
            throw new IllegalStateException("registered twice: " + key(name, labels));
        }
        return value::incrementAndGet;
    }

    @Override
    public void gauge(String name, String help, Supplier<Number> value, String... labels) {
        if (gauges.putIfAbsent(key(name, labels), value) != null) {
            throw new IllegalStateException("registered twice: " + key(name, labels));
        }
    }

    @Override
    public Timer timer(String name, String help, String... labels) {
        return nanos -> {};
    }

    public long count(String name, String... labels) {
        AtomicLong value = counters.get(key(name, labels));
        if (value == null) {
            throw new IllegalArgumentException("no counter " + key(name, labels) + "; have " + counters.keySet());
        }
        return value.get();
    }

    public double gaugeValue(String name, String... labels) {
        Supplier<Number> value = gauges.get(key(name, labels));
        if (value == null) {
            throw new IllegalArgumentException("no gauge " + key(name, labels) + "; have " + gauges.keySet());
        }
        return value.get().doubleValue();
    }

    public Map<String, AtomicLong> counters() {
        return counters;
    }

    private static String key(String name, String... labels) {
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            key.append(i == 0 ? "" : ",").append(labels[i]).append('=').append(labels[i + 1]);
        }
        return key.append('}').toString();
    }
}
