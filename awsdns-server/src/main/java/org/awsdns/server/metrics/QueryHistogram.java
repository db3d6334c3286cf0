package org.awsdns.server.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One series of a histogram recorded once or more per query: a bucket count and a sum, each one
 * uncontended atomic add in a stripe of the recording thread, and a running maximum. Micrometer's
 * timer did five atomic updates and a binary search per record, three times per query: about a
 * tenth of an I/O thread's time. Read by {@link QueryHistograms} when Prometheus scrapes.
 */
public final class QueryHistogram {
    /** Stripes of cells; threads share one only when their IDs agree in the low bits. */
    private static final int STRIPES = 8;
    /** Longs in a cache line: no two stripes share one. */
    private static final int PAD = 8;
    private static final long MAX_WINDOW_MILLIS = 60_000;

    private final long[] bounds;
    private final int stride;
    private final AtomicLongArray cells;
    private final AtomicLong max = new AtomicLong();
    private long previousMax;
    private long maxRotatedAt = System.currentTimeMillis();

    /** @param bounds the buckets' upper bounds (inclusive), ascending, in the recorded unit */
    QueryHistogram(long[] bounds) {
        this.bounds = bounds.clone();
        int used = bounds.length + 2; // the buckets, +Inf, the sum
        this.stride = (used + PAD - 1) / PAD * PAD;
        this.cells = new AtomicLongArray(PAD + STRIPES * stride);
    }

    /** Records {@code value} (negative counts as 0). */
    @SuppressWarnings("deprecation") // Thread.getId: threadId() needs Java 19
    public void record(long value) {
        long v = Math.max(0, value);
        int bucket = 0;
        while (bucket < bounds.length && v > bounds[bucket]) {
            bucket++;
        }
        int base = PAD + ((int) Thread.currentThread().getId() & (STRIPES - 1)) * stride;
        cells.getAndIncrement(base + bucket);
        cells.getAndAdd(base + bounds.length + 1, v);
        if (v > max.get()) {
            max.accumulateAndGet(v, Math::max);
        }
    }

    /** The count in each bucket (not cumulative), +Inf last. */
    long[] bucketCounts() {
        long[] counts = new long[bounds.length + 1];
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            int base = PAD + stripe * stride;
            for (int i = 0; i < counts.length; i++) {
                counts[i] += cells.get(base + i);
            }
        }
        return counts;
    }

    long sum() {
        long sum = 0;
        for (int stripe = 0; stripe < STRIPES; stripe++) {
            sum += cells.get(PAD + stripe * stride + bounds.length + 1);
        }
        return sum;
    }

    /**
     * The largest value recorded in the last one to two minutes, as Micrometer's decaying maximum
     * did: the window moves on when a scrape finds it older than a minute.
     */
    synchronized long recentMax(long nowMillis) {
        if (nowMillis - maxRotatedAt >= MAX_WINDOW_MILLIS) {
            previousMax = max.getAndSet(0);
            maxRotatedAt = nowMillis;
        }
        return Math.max(previousMax, max.get());
    }
}
