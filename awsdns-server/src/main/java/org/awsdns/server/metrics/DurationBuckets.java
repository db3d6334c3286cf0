package org.awsdns.server.metrics;

import java.time.Duration;

/** The histogram buckets of every duration awsdns exports: CoreDNS's, 0.25 ms doubling to 8.192 s. */
public final class DurationBuckets {
    private DurationBuckets() {}

    /** A fresh copy of the buckets (Micrometer keeps the array it is given). */
    public static Duration[] coreDns() {
        Duration[] buckets = new Duration[16];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = Duration.ofNanos(250_000L << i);
        }
        return buckets;
    }
}
