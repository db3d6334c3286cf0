package org.awsdns.plugins.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A cached answer together with what the cache tracks about its use: hits for prefetch, whether a
 * refresh already started, and until when a failed refresh is not tried again (RFC 8767's failure
 * recheck timer). Counters are fields updated through {@link VarHandle}s, not atomics of their
 * own: two objects fewer each time an entry is filled, which the young collection after a TTL
 * turnover copies.
 */
final class CacheEntry {
    private static final VarHandle HITS;
    private static final VarHandle REFRESHING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HITS = lookup.findVarHandle(CacheEntry.class, "hits", int.class);
            REFRESHING = lookup.findVarHandle(CacheEntry.class, "refreshing", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final CachedAnswer answer;
    @SuppressWarnings("unused") // through HITS
    private volatile int hits;
    @SuppressWarnings("unused") // through REFRESHING
    private volatile boolean refreshing;
    private volatile long retryAfterMillis;

    CacheEntry(CachedAnswer answer) {
        this.answer = answer;
    }

    int hit() {
        return (int) HITS.getAndAdd(this, 1) + 1;
    }

    /** Claims the one refresh this entry gets; false when it already started. */
    boolean startRefresh() {
        return REFRESHING.compareAndSet(this, false, true);
    }

    /** The chain below failed for this entry's key: serve it stale without asking until {@code millis}. */
    void retryAfter(long millis) {
        retryAfterMillis = millis;
    }

    boolean waitingToRetry(long nowMillis) {
        return nowMillis < retryAfterMillis;
    }
}
