package org.awsdns.plugins.ec2.inventory;

import java.time.Clock;

/** At most {@code rate} permits a second, in bursts of at most {@code max(1, rate)}. */
final class TokenBucket {
    private final Clock clock;
    private final double ratePerMilli;
    private final double capacity;
    private double tokens;
    private long lastMillis;

    TokenBucket(double ratePerSecond, Clock clock) {
        this.clock = clock;
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.capacity = Math.max(1.0, ratePerSecond);
        this.tokens = capacity;
        this.lastMillis = clock.millis();
    }

    synchronized boolean tryAcquire() {
        long now = clock.millis();
        if (now > lastMillis) {
            tokens = Math.min(capacity, tokens + (now - lastMillis) * ratePerMilli);
            lastMillis = now;
        }
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return true;
        }
        return false;
    }
}
