package org.awsdns.plugins.testing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;

/** Metrics that keep what is registered, so tests can read counters and gauges by name. */
public final class RecordingMetrics implements Metrics {
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Number>> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help, String... labels) {
        AtomicLong value = counters.computeIfAbsent(name, n -> new AtomicLong());
        return value::incrementAndGet;
    }

    @Override
    public void gauge(String name, String help, Supplier<Number> value, String... labels) {
        if (gauges.putIfAbsent(name, value) != null) {
            throw new IllegalStateException("gauge " + name + " registered twice");
        }
    }

    @Override
    public Timer timer(String name, String help, String... labels) {
        return nanos -> {};
    }

    /** The counter's value; 0 when it was never registered. */
    public long counter(String name) {
        AtomicLong value = counters.get(name);
        return value == null ? 0 : value.get();
    }

    /** The gauge's current value. */
    public Number gauge(String name) {
        Supplier<Number> gauge = gauges.get(name);
        if (gauge == null) {
            throw new IllegalArgumentException("no gauge " + name + ", registered: " + gauges.keySet());
        }
        return gauge.get();
    }

    public boolean hasCounter(String name) {
        return counters.containsKey(name);
    }
}
