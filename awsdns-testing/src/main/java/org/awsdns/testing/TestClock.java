package org.awsdns.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test sets and moves by hand. Thread-safe; it never moves by itself. */
public final class TestClock extends Clock {
    /** Where a clock made with {@link #create()} starts. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;

    private TestClock(Instant start) {
        this.now = new AtomicReference<>(requireNonNull(start, "start is null"));
    }

    public static TestClock create() {
        return new TestClock(DEFAULT_START);
    }

    public static TestClock at(Instant start) {
        return new TestClock(start);
    }

    /** A clock at {@code instant}, written as {@code 2026-01-01T00:00:00Z}. */
    public static TestClock at(String instant) {
        return new TestClock(Instant.parse(instant));
    }

    /** Moves the clock forward by {@code duration} (not backward: a negative duration fails). */
    public TestClock advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a clock does not go back: " + duration);
        }
        now.updateAndGet(instant -> instant.plus(duration));
        return this;
    }

    /** Sets the time, forward or backward (a wall clock may be stepped back). */
    public TestClock set(Instant instant) {
        now.set(requireNonNull(instant, "instant is null"));
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same instant in UTC: a test clock has no zone of its own to change. */
    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a TestClock is always UTC");
    }

    @Override
    public String toString() {
        return "TestClock[" + now.get() + "]";
    }
}
