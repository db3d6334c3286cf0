package org.awsdns.plugins.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cached answer together with what the cache tracks about its use: hits for prefetch, whether a
 * refresh already started, and until when a failed refresh is not tried again (RFC 8767's failure
 * recheck timer).
 */
final class CacheEntry {
    final CachedAnswer answer;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long retryAfterMillis;

    CacheEntry(CachedAnswer answer) {
        this.answer = answer;
    }

    int hit() {
        return hits.incrementAndGet();
    }

    /** Claims the one refresh this entry gets; false when it already started. */
    boolean startRefresh() {
        return refreshing.compareAndSet(false, true);
    }

    /** The chain below failed for this entry's key: serve it stale without asking until {@code millis}. */
    void retryAfter(long millis) {
        retryAfterMillis = millis;
    }

    boolean waitingToRetry(long nowMillis) {
        return nowMillis < retryAfterMillis;
    }
}
