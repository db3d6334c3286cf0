package org.awsdns.core;

import java.util.function.Supplier;

/**
 * The metrics hook offered to plugins. The server exports what is registered here with an
 * {@code awsdns_} prefix added to {@code name}. Register meters once, when the plugin is created,
 * and keep them: registering on the query path costs a lookup.
 *
 * <p>Labels are given as alternating key/value pairs ({@code "rcode", "NXDOMAIN"}). Never put a
 * secret or an unbounded value (a query name, a client address) in a label.
 */
public interface Metrics {

    /** A monotonic counter. */
    Counter counter(String name, String help, String... labels);

    /** A value read when metrics are scraped. */
    void gauge(String name, String help, Supplier<Number> value, String... labels);

    /**
     * A distribution of durations, recorded in nanoseconds; exported in seconds as a histogram
     * with the buckets of {@code awsdns_request_duration_seconds} (0.25 ms doubling to 8.192 s).
     */
    Timer timer(String name, String help, String... labels);

    /** A counter. */
    @FunctionalInterface
    interface Counter {
        void increment();
    }

    /** A timer. */
    @FunctionalInterface
    interface Timer {
        void record(long nanos);
    }

    /** Metrics that go nowhere, for tests and tools. */
    static Metrics noop() {
        return NoopMetrics.INSTANCE;
    }
}
