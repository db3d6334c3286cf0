package org.awsdns.plugins.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.RemovalCause;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Chain;
import org.awsdns.core.HeapUse;
import org.awsdns.core.Metrics;
import org.awsdns.core.Plugin;
import org.awsdns.core.PluginContext;
import org.awsdns.core.Query;
import org.awsdns.core.Response;
import org.xbill.DNS.Rcode;

/**
 * Caches the responses of the rest of the chain: see {@link CacheConfig} and {@link TtlPolicy}.
 *
 * <p>A miss runs the rest of the chain once per key however many clients ask at the same time
 * (the others wait for the same fill), with a copy of the query: the chain below works on a
 * response of its own, and every client's response is written from the immutable snapshot. So a
 * stale answer can be sent while the chain below is still working, and nothing mutable is shared.
 */
public final class CachePlugin implements Plugin, HeapUse {
    /** What the cache did, as logged beside answered_by. */
    static final String HIT = "hit";
    static final String MISS = "miss";
    static final String STALE = "stale";

    private static final long FAILURE_RECHECK_MILLIS = 30_000;
    /** One hit in 64 is told to the eviction policy; see {@link #lookup}. */
    private static final int RECORDED_HIT_MASK = 63;

    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final TtlPolicy ttls;
    private final Cache<CacheKey, CacheEntry> cache;
    private final Policy<CacheKey, CacheEntry> policy;
    private final ConcurrentHashMap<CacheKey, CompletableFuture<CachedAnswer>> fills = new ConcurrentHashMap<>();
    private final boolean prefetch;
    private final int prefetchHits;
    private final double prefetchBefore;
    private final long serveStaleMillis;
    private final long staleTimeoutNanos;
    private final long maxBytes;

    private final Metrics.Counter hits;
    private final Metrics.Counter misses;
    private final Metrics.Counter coalesced;
    private final Metrics.Counter prefetches;
    private final Metrics.Counter staleAnswers;
    private final Metrics.Counter evictions;

    public CachePlugin(CacheConfig config, PluginContext context) {
        this.clock = context.clock();
        this.executor = context.executor();
        this.ttls = new TtlPolicy(config);
        this.prefetch = config.prefetch() != null;
        this.prefetchHits = prefetch ? config.prefetch().hits() : Integer.MAX_VALUE;
        this.prefetchBefore = prefetch ? config.prefetch().beforeFraction() : 0;
        this.serveStaleMillis = config.serveStale() == null ? 0 : config.serveStale().toMillis();
        this.staleTimeoutNanos = config.staleTimeout().toNanos();

        Metrics metrics = context.metrics();
        hits = metrics.counter("cache_hits", "Queries answered from the cache");
        misses = metrics.counter("cache_misses", "Queries the cache passed to the rest of the chain");
        coalesced = metrics.counter("cache_coalesced", "Misses that waited for a fill of the same key already under way");
        prefetches = metrics.counter("cache_prefetches", "Popular entries refreshed before they expired");
        staleAnswers = metrics.counter("cache_stale_answers", "Expired entries served because the chain below failed or was slow");
        evictions = metrics.counter("cache_evictions", "Entries removed to stay within capacity or max_bytes");

        this.maxBytes = config.maxBytesValue();
        long minimumWeight = Math.max(1, maxBytes / config.capacity());
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                // every entry weighs at least max_bytes / capacity: at most `capacity` entries and `max_bytes` bytes
                .<CacheKey, CacheEntry>weigher((key, entry) -> (int) Math.min(Integer.MAX_VALUE, Math.max(minimumWeight, heapBytes(key, entry))))
                .expireAfter(new EntryExpiry(serveStaleMillis))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // maintenance on the thread that read or wrote: handing it to another thread cost each
                // query ~0.7 µs of system time in wake-ups (measured side by side, docs/performance.md)
                .executor(Runnable::run)
                .evictionListener((CacheKey key, CacheEntry entry, RemovalCause cause) -> {
                    if (cause == RemovalCause.SIZE) {
                        evictions.increment();
                    }
                })
                .build();
        this.policy = cache.policy();
        metrics.gauge("cache_entries", "Responses in the cache", cache::estimatedSize);
        metrics.gauge("cache_bytes", "Weight of the cache's entries, in bytes",
                () -> policy.eviction().orElseThrow().weightedSize().orElse(0));
    }

    @Override
    public CompletionStage<Response> handle(Query query, Chain next) {
        CacheKey key = CacheKey.of(query);
        long now = clock.millis();
        CacheEntry entry = lookup(key);
        if (entry != null) {
            if (entry.answer.isFresh(now)) {
                hits.increment();
                entry.answer.writeTo(query.response(), now).cacheStatus(HIT);
                if (prefetch) {
                    maybePrefetch(key, entry, query, next, now);
                }
                return query.response().complete();
            }
            if (entry.waitingToRetry(now)) {
                staleAnswers.increment();
                return entry.answer.writeStaleTo(query.response()).cacheStatus(STALE).complete();
            }
        }
        misses.increment();
        CompletableFuture<CachedAnswer> fill = fill(key, query, next);
        CacheEntry stale = entry != null && isStaleUsable(entry, now) ? entry : null;
        if (stale == null) {
            return fill.thenApply(answer -> answer.writeTo(query.response(), clock.millis()).cacheStatus(MISS));
        }
        return withStaleFallback(fill, stale).thenApply(answer -> {
            if (answer == stale.answer) {
                staleAnswers.increment();
                return answer.writeStaleTo(query.response()).cacheStatus(STALE);
            }
            return answer.writeTo(query.response(), clock.millis()).cacheStatus(MISS);
        });
    }

    /**
     * The entry of {@code key}, or {@code null}. Most reads are not told to Caffeine's eviction
     * policy: recording one moves the entry in the policy's access-order lists, pointer writes
     * into old objects all over the heap that G1 then scans, in its concurrent refinement and in
     * each young pause (docs/performance.md: every read recorded cost ~1 µs of CPU a query; one in
     * 16 still left ~18,000 dirty cards per young collection at 100,000 queries a second, ~2 ms of
     * each pause). One read in 64, at random, is recorded, as Caffeine itself drops reads when its
     * read buffer is full: the policy sees the same popularity, scaled down. At random, not by
     * turn: a fixed turn meets periodic traffic at the same names every time.
     */
    private CacheEntry lookup(CacheKey key) {
        if ((ThreadLocalRandom.current().nextInt() & RECORDED_HIT_MASK) == 0) {
            return cache.getIfPresent(key);
        }
        return policy.getIfPresentQuietly(key);
    }

    private boolean isStaleUsable(CacheEntry entry, long now) {
        return serveStaleMillis > 0 && now < entry.answer.expiresMillis() + serveStaleMillis;
    }

    /** The fill's answer, or the stale one when the fill fails, gives SERVFAIL or takes too long. */
    private CompletableFuture<CachedAnswer> withStaleFallback(CompletableFuture<CachedAnswer> fill, CacheEntry stale) {
        CompletableFuture<CachedAnswer> chosen = new CompletableFuture<>();
        ScheduledFuture<?> timer = executor.schedule(() -> chosen.complete(stale.answer), staleTimeoutNanos, TimeUnit.NANOSECONDS);
        fill.whenComplete((answer, error) -> {
            timer.cancel(false);
            if (error != null || answer.rcode() == Rcode.SERVFAIL) {
                stale.retryAfter(clock.millis() + FAILURE_RECHECK_MILLIS);
                chosen.complete(stale.answer);
            } else {
                chosen.complete(answer);
            }
        });
        return chosen;
    }

    private void maybePrefetch(CacheKey key, CacheEntry entry, Query query, Chain next, long now) {
        if (entry.hit() < prefetchHits) {
            return;
        }
        long remaining = entry.answer.expiresMillis() - now;
        if (remaining < entry.answer.ttlSeconds() * 1000 * prefetchBefore && entry.startRefresh()) {
            prefetches.increment();
            Query copy = query.copy();
            executor.execute(() -> fill(key, copy, next));
        }
    }

    /**
     * Runs the rest of the chain for {@code key} unless a run is already under way, and stores what
     * it gives. Completes with the snapshot, cacheable or not, or exceptionally as the chain did.
     */
    private CompletableFuture<CachedAnswer> fill(CacheKey key, Query query, Chain next) {
        CompletableFuture<CachedAnswer> mine = new CompletableFuture<>();
        CompletableFuture<CachedAnswer> running = fills.putIfAbsent(key, mine);
        if (running != null) {
            coalesced.increment();
            return running;
        }
        Query inner = query.copy();
        CompletionStage<Response> stage;
        try {
            stage = next.proceed(inner);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((response, error) -> {
            if (error != null) {
                fills.remove(key, mine);
                mine.completeExceptionally(error);
                return;
            }
            CachedAnswer answer;
            try {
                answer = ttls.snapshot(query.question(), response, clock.millis());
                if (!response.forNowOnly()) {
                    store(key, answer);
                }
            } catch (RuntimeException e) {
                fills.remove(key, mine);
                mine.completeExceptionally(e);
                return;
            }
            // stored before the fill is forgotten: a query arriving now finds one or the other
            fills.remove(key, mine);
            mine.complete(answer);
        });
        return mine;
    }

    private void store(CacheKey key, CachedAnswer answer) {
        if (answer.ttlSeconds() <= 0) {
            return;
        }
        if (answer.rcode() == Rcode.SERVFAIL && serveStaleMillis > 0 && cache.getIfPresent(key) != null) {
            return; // keep the stale entry to serve instead of the failure
        }
        cache.put(key, new CacheEntry(answer));
    }

    /**
     * What one entry keeps on the heap, in bytes (64-bit JVM, compressed pointers): the key and its
     * name, the entry with its counters, Caffeine's node, the hash table's node and slot, and the
     * answer's wire bytes. Measured with a heap histogram of a full cache (docs/reliability.md,
     * Memory); the bound {@code max_bytes} is in these bytes.
     */
    static long heapBytes(CacheKey key, CacheEntry entry) {
        return ENTRY_OVERHEAD_BYTES + ((16 + key.name().length() + 7) & ~7L) + entry.answer.heapBytes();
    }

    /** CacheKey 32, Name 32, CacheEntry 32, Caffeine's node 72, ConcurrentHashMap's node 32 and slot 8, frequency sketch 8. */
    static final long ENTRY_OVERHEAD_BYTES = 216;

    /** For tests: the number of entries, after pending evictions ran. */
    long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** The bound: {@code max_bytes}, counted as {@link #heapBytes(CacheKey, CacheEntry)} says. */
    @Override
    public long heapBytes() {
        return maxBytes;
    }

    @Override
    public String heapUse() {
        return "cache max_bytes";
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }

    /** Entries live for their TTL, plus the serve-stale window. */
    private static final class EntryExpiry implements Expiry<CacheKey, CacheEntry> {
        private final long staleNanos;

        EntryExpiry(long serveStaleMillis) {
            this.staleNanos = TimeUnit.MILLISECONDS.toNanos(serveStaleMillis);
        }

        @Override
        public long expireAfterCreate(CacheKey key, CacheEntry entry, long currentTime) {
            return TimeUnit.SECONDS.toNanos(entry.answer.ttlSeconds()) + staleNanos;
        }

        @Override
        public long expireAfterUpdate(CacheKey key, CacheEntry entry, long currentTime, long currentDuration) {
            return expireAfterCreate(key, entry, currentTime);
        }

        @Override
        public long expireAfterRead(CacheKey key, CacheEntry entry, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
