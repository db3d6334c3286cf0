package org.awsdns.testing;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.awsdns.core.Metrics;

/**
 * {@link Metrics} kept in memory so a test can read them back. Meters are keyed by name and
 * labels, written {@code name{key=value,...}} in error messages. Registering one counter or timer
 * twice returns the same meter, and registering a gauge again takes it over so it reads the newer
 * value: both as the server does when a reload (or a second plugin of a test) registers them anew.
 */
public final class RecordingMetrics implements Metrics {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Supplier<Number>> gauges = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> timerCounts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> timerNanos = new ConcurrentHashMap<>();
    private final Set<String> names = ConcurrentHashMap.newKeySet();

    @Override
    public Counter counter(String name, String help, String... labels) {
        names.add(name);
        LongAdder adder = counters.computeIfAbsent(key(name, labels), ignored -> new LongAdder());
        return adder::increment;
    }

    @Override
    public void gauge(String name, String help, Supplier<Number> value, String... labels) {
        names.add(name);
        gauges.put(key(name, labels), requireNonNull(value, "value is null"));
    }

    @Override
    public Timer timer(String name, String help, String... labels) {
        names.add(name);
        LongAdder count = timerCounts.computeIfAbsent(key(name, labels), ignored -> new LongAdder());
        LongAdder total = timerNanos.computeIfAbsent(key(name, labels), ignored -> new LongAdder());
        return nanos -> {
            count.increment();
            total.add(nanos);
        };
    }

    /** The counter's value; 0 when it was never registered with these labels. */
    public long count(String name, String... labels) {
        LongAdder adder = counters.get(key(name, labels));
        return adder == null ? 0 : adder.sum();
    }

    /** The sum of the counter over all its label sets; 0 when it was never registered. */
    public long countAll(String name) {
        String prefix = name + "{";
        return counters.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith(prefix))
                .mapToLong(entry -> entry.getValue().sum())
                .sum();
    }

    /** Whether the counter was registered with these labels. */
    public boolean hasCounter(String name, String... labels) {
        return counters.containsKey(key(name, labels));
    }

    /** The gauge's value now; fails naming the registered gauges when there is no such gauge. */
    public Number gaugeValue(String name, String... labels) {
        Supplier<Number> gauge = gauges.get(key(name, labels));
        if (gauge == null) {
            throw new IllegalArgumentException("no gauge " + key(name, labels) + ", registered: " + new TreeSet<>(gauges.keySet()));
        }
        return gauge.get();
    }

    /** How many durations the timer recorded; 0 when it was never registered. */
    public long timerCount(String name, String... labels) {
        LongAdder adder = timerCounts.get(key(name, labels));
        return adder == null ? 0 : adder.sum();
    }

    /** The total of the durations the timer recorded, in nanoseconds. */
    public long timerTotalNanos(String name, String... labels) {
        LongAdder adder = timerNanos.get(key(name, labels));
        return adder == null ? 0 : adder.sum();
    }

    /** The names of every meter registered so far (without labels, without the server's prefix), sorted. */
    public Set<String> names() {
        return new TreeSet<>(names);
    }

    private static String key(String name, String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in key/value pairs: " + String.join(",", labels));
        }
        StringBuilder key = new StringBuilder(name).append('{');
        for (int i = 0; i < labels.length; i += 2) {
            key.append(i == 0 ? "" : ",").append(labels[i]).append('=').append(labels[i + 1]);
        }
        return key.append('}').toString();
    }
}
