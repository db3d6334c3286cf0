package org.awsdns.core;

import java.util.function.Supplier;

/** Metrics that record nothing. */
enum NoopMetrics implements Metrics {
    INSTANCE;

    private static final Counter COUNTER = () -> {};
    private static final Timer TIMER = nanos -> {};

    @Override
    public Counter counter(String name, String help, String... labels) {
        return COUNTER;
    }

    @Override
    public void gauge(String name, String help, Supplier<Number> value, String... labels) {}

    @Override
    public Timer timer(String name, String help, String... labels) {
        return TIMER;
    }
}
