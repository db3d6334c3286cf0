package org.awsdns.plugins.ec2.inventory;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.awsdns.core.HeapUse;
import org.awsdns.core.Readiness;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A named, shared inventory of EC2 instances: an immutable {@link InventoryIndex} loaded in the
 * background and swapped in whole, plus a small overlay of instances found by targeted lookups
 * since the last full load.
 *
 * <p>The query path ({@link #find}) reads one volatile field and a few hash maps. Loads run on
 * the shared executor and the SDK's threads and never wait for a result. On a failed load the
 * last good index keeps serving, the next attempt backs off exponentially (with jitter), and the
 * failure is logged once when the state changes, with the AWS error code.
 */
public final class Ec2Inventory implements Readiness, HeapUse, InstantSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ec2Inventory.class);
    private static final CompletableFuture<MissResult> DISABLED = CompletableFuture.completedFuture(MissResult.DISABLED);
    static final int MAX_OVERLAY = 1000;
    /** From this many instances, the views of a new index are built in parallel. */
    static final int PARALLEL_VIEWS_FROM = 10_000;
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(2);

    private final String name;
    private final InventoryConfig config;
    private final InstanceSource source;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final InventoryMetrics metrics;
    private final Set<ViewSpec<?>> specs = new CopyOnWriteArraySet<>();
    private final AsyncCache<MissKey, MissResult> misses;
    private final TokenBucket missBucket;
    private final Object lock = new Object();
    /** Serialises changes of the base index: full loads and event patches. */
    private final Object updateLock = new Object();
    private LoadReconciler reconciler;
    /** Closed with the inventory, before its source (change events). */
    private final List<AutoCloseable> attached = new CopyOnWriteArrayList<>();
    private final Map<String, Ec2Instance> overlayInstances = new LinkedHashMap<>();

    private volatile Snapshot snapshot = new Snapshot(InventoryIndex.empty(), null);
    private final Instant startedAt;
    private volatile boolean ready;
    private volatile Instant lastLoaded;
    private volatile Instant lastChanged;
    private volatile String failureCode;
    private volatile boolean closed;
    private int failures;
    private ScheduledFuture<?> next;

    /** The base index and the overlay of instances found by lookups (or {@code null}). */
    private record Snapshot(InventoryIndex base, InventoryIndex overlay) {}

    public Ec2Inventory(String name, InventoryConfig config, InstanceSource source,
            ScheduledExecutorService executor, Clock clock, InventoryMetrics metrics) {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.source = requireNonNull(source, "source is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.misses = Caffeine.newBuilder()
                .expireAfterWrite(config.missTtl())
                .maximumSize(10_000)
                .executor(executor)
                .buildAsync();
        this.missBucket = new TokenBucket(config.missRate(), clock);
        metrics.gauges(this::size, this::ageSeconds, () -> snapshot.base().skippedNames());
        this.startedAt = clock.instant();
    }

    /** Starts the first load in the background and returns at once. */
    public Ec2Inventory start() {
        schedule(Duration.ZERO);
        return this;
    }

    public String name() {
        return name;
    }

    public InventoryConfig config() {
        return config;
    }

    /**
     * Makes sure {@code spec}'s view is built with every new index, off the query path. Call when
     * a plugin is created.
     */
    public void register(ViewSpec<?> spec) {
        specs.add(spec);
        Snapshot current = snapshot;
        current.base().view(spec);
        if (current.overlay() != null) {
            current.overlay().view(spec);
        }
    }

    /**
     * Looks {@code key} up in the view {@code spec} of the index, then of the overlay.
     *
     * @param getter reads one entry from a view, e.g. {@code ForwardView::get}
     * @return the entry, or {@code null}
     */
    public <V extends IndexView, K, E> E find(ViewSpec<V> spec, BiFunction<? super V, K, E> getter, K key) {
        Snapshot current = snapshot;
        E entry = getter.apply(current.base().view(spec), key);
        if (entry == null && current.overlay() != null) {
            entry = getter.apply(current.overlay().view(spec), key);
        }
        return entry;
    }

    /** The current base index (not the overlay). */
    public InventoryIndex index() {
        return snapshot.base();
    }

    /** Whether a miss may be looked up now: {@code on_miss}, an API source, and loaded. */
    public boolean lookupsEnabled() {
        return ready && config.onMiss() && source.supportsLookup();
    }

    /**
     * Looks for instances the index does not have. Concurrent calls for one key share one API
     * call; its result is remembered for {@code miss_ttl}; calls beyond {@code miss_rate} are not
     * made. Never fails: a failed call ends {@link MissResult#FAILED}. When it ends
     * {@link MissResult#FOUND}, {@link #find} sees the instances.
     */
    public CompletableFuture<MissResult> lookupMissing(MissKey key) {
        if (key == null || !lookupsEnabled()) {
            return DISABLED;
        }
        CompletableFuture<MissResult> known = misses.getIfPresent(key);
        if (known != null) {
            return known;
        }
        CompletableFuture<MissResult> result = misses.get(key, (k, ignored) -> startLookup(k));
        if (result.isDone() && result.getNow(MissResult.FAILED) == MissResult.RATE_LIMITED) {
            misses.asMap().remove(key, result); // not remembered: a later query may try again
        }
        return result;
    }

    private CompletableFuture<MissResult> startLookup(MissKey key) {
        if (!missBucket.tryAcquire()) {
            metrics.missRateLimited();
            return CompletableFuture.completedFuture(MissResult.RATE_LIMITED);
        }
        metrics.missLookup();
        CompletableFuture<List<Ec2Instance>> call;
        try {
            call = source.lookup(key.filters());
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        return call.handleAsync((found, failure) -> {
            if (failure != null) {
                log.debug("inventory {}: lookup {} failed: {}", name, key.filters(), AwsErrors.code(failure));
                return MissResult.FAILED;
            }
            if (found.isEmpty()) {
                return MissResult.NOT_FOUND;
            }
            addToOverlay(found);
            return MissResult.FOUND;
        }, executor);
    }

    private void addToOverlay(List<Ec2Instance> found) {
        synchronized (lock) {
            for (Ec2Instance instance : found) {
                overlayInstances.remove(instance.id());
                overlayInstances.put(instance.id(), instance);
            }
            while (overlayInstances.size() > MAX_OVERLAY) {
                overlayInstances.remove(overlayInstances.keySet().iterator().next());
            }
            InventoryIndex overlay = prepare(InventoryIndex.of(overlayInstances.values(), clock.instant()));
            snapshot = new Snapshot(snapshot.base(), overlay);
        }
    }

    /** {@link #prepare} with the views of {@code served} to take unchanged entries from. */
    private InventoryIndex prepareAfter(InventoryIndex index, InventoryIndex served) {
        index.buildAfter(served);
        try {
            return prepare(index);
        } finally {
            index.forgetPrevious();
        }
    }

    private InventoryIndex prepare(InventoryIndex index) {
        List<ViewSpec<?>> all = List.copyOf(specs);
        if (all.size() < 2 || index.size() < PARALLEL_VIEWS_FROM) {
            for (ViewSpec<?> spec : all) {
                index.view(spec);
            }
            return index;
        }
        // a large index: its views (forward and reverse records of 100,000 instances take a few
        // hundred milliseconds each) are built side by side, the first one here
        List<CompletableFuture<?>> others = new ArrayList<>(all.size() - 1);
        for (ViewSpec<?> spec : all.subList(1, all.size())) {
            others.add(CompletableFuture.runAsync(() -> index.view(spec), ForkJoinPool.commonPool()));
        }
        index.view(all.get(0));
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).join();
        return index;
    }

    private void refresh() {
        if (closed) {
            return;
        }
        Instant started = clock.instant();
        CompletableFuture<List<Ec2Instance>> load;
        try {
            load = source.loadAll(new KnownInstances(snapshot.base().instances()));
        } catch (RuntimeException e) {
            load = CompletableFuture.failedFuture(e);
        }
        load.thenApplyAsync(instances -> instances == null ? null : swapInLoad(instances, started), executor)
                .whenCompleteAsync(this::loaded, executor);
    }

    /**
     * Builds the index of a full load, with what change events applied since it started, and
     * swaps it in. Under {@code updateLock}, so that no event's change is lost between the two.
     */
    private InventoryIndex swapInLoad(List<Ec2Instance> instances, Instant started) {
        synchronized (updateLock) {
            if (closed) {
                return null;
            }
            LoadReconciler current = reconciler;
            List<Ec2Instance> adjusted = current == null ? instances
                    : current.reconcile(instances, started, snapshot.base());
            InventoryIndex loaded = InventoryIndex.of(adjusted, clock.instant());
            InventoryIndex served = snapshot.base();
            boolean unchanged = lastChanged != null && loaded.instances().equals(served.instances());
            // a load that found what is served keeps the index, and with it its views and the answers
            // they encoded: building them again beside the old ones (~70 MB for 100,000 instances)
            // filled a 200 MB heap to 195 MB at every refresh, and each name was encoded anew
            InventoryIndex index = unchanged ? served : prepareAfter(loaded, served);
            synchronized (lock) {
                if (!unchanged) {
                    lastChanged = clock.instant();
                }
                overlayInstances.clear();
                snapshot = new Snapshot(index, null);
            }
            return index;
        }
    }

    /**
     * Applies changes known from events: {@code upserts} replace the instances of their IDs (or
     * are added), {@code removals} leave the index. Builds a new index off the query path and
     * swaps it in atomically; the instances found by miss lookups with these IDs are dropped.
     *
     * @return whether the index changed
     */
    public boolean patch(Collection<Ec2Instance> upserts, Collection<String> removals) {
        synchronized (updateLock) {
            if (closed || (upserts.isEmpty() && removals.isEmpty())) {
                return false;
            }
            InventoryIndex base = snapshot.base();
            Map<String, Ec2Instance> changed = new LinkedHashMap<>();
            for (Ec2Instance instance : upserts) {
                changed.put(instance.id(), instance);
            }
            Set<String> gone = new HashSet<>(removals);
            gone.removeAll(changed.keySet());
            List<Ec2Instance> instances = new ArrayList<>(base.size() + changed.size());
            boolean differs = false;
            for (Ec2Instance instance : base.instances()) {
                if (gone.contains(instance.id())) {
                    differs = true;
                    continue;
                }
                Ec2Instance replacement = changed.remove(instance.id());
                if (replacement != null) {
                    differs |= !replacement.equals(instance);
                    instances.add(replacement);
                } else {
                    instances.add(instance);
                }
            }
            differs |= !changed.isEmpty();
            instances.addAll(changed.values());
            boolean overlayChanged;
            synchronized (lock) {
                overlayChanged = overlayInstances.keySet().removeAll(gone)
                        | overlayInstances.keySet().removeAll(upserts.stream().map(Ec2Instance::id).toList());
            }
            if (!differs && !overlayChanged) {
                return false;
            }
            InventoryIndex index = differs ? prepareAfter(InventoryIndex.of(instances, clock.instant()), base) : base;
            synchronized (lock) {
                InventoryIndex overlay = overlayInstances.isEmpty() ? null
                        : prepare(InventoryIndex.of(overlayInstances.values(), clock.instant()));
                snapshot = new Snapshot(index, overlay);
                if (differs) {
                    lastChanged = clock.instant();
                }
            }
            return true;
        }
    }

    /**
     * Sets what adjusts every full load from now on (change events replayed over it); {@code null}
     * for none.
     */
    public void reconciler(LoadReconciler reconciler) {
        synchronized (updateLock) {
            this.reconciler = reconciler;
        }
    }

    /** Adjusts a full load with what is known newer than it (change events received meanwhile). */
    @FunctionalInterface
    public interface LoadReconciler {
        /**
         * @param loaded the instances the load returned
         * @param started when the load started
         * @param current the index being replaced
         * @return the instances to index
         */
        List<Ec2Instance> reconcile(List<Ec2Instance> loaded, Instant started, InventoryIndex current);
    }

    /** Describes instances by ID (change events), through the source; fails for a file source. */
    public CompletableFuture<List<Ec2Instance>> describe(Collection<String> ids) {
        try {
            return source.describe(ids);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Whether the inventory is closed. */
    public boolean isClosed() {
        return closed;
    }

    private void loaded(InventoryIndex index, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            failed(failure);
            return;
        }
        int failed;
        String lastCode;
        synchronized (lock) {
            lastLoaded = clock.instant();
            failed = failures;
            lastCode = failureCode;
            failures = 0;
            failureCode = null;
        }
        if (!ready) {
            ready = true;
            log.info("inventory {}: loaded {} instances from {}", name, snapshot.base().size(), source.describe());
        } else if (failed > 0) {
            log.info("inventory {}: loading from {} works again after {} failures ({}); {} instances", name,
                    source.describe(), failed, lastCode, snapshot.base().size());
        } else if (index != null) {
            log.debug("inventory {}: reloaded {} instances", name, index.size());
        }
        schedule(jitter(config.refresh(), 0.1));
    }

    private void failed(Throwable failure) {
        String code = AwsErrors.code(failure);
        int count;
        boolean changed;
        synchronized (lock) {
            failures++;
            count = failures;
            changed = !code.equals(failureCode);
            failureCode = code;
        }
        Duration delay = backoff(count);
        if (changed) {
            String message = AwsErrors.unwrap(failure).getMessage();
            String cause = message == null || message.equals(code) ? code : code + " (" + message + ")";
            log.warn("inventory {}: loading from {} failed: {}; {}; retrying with backoff, next in {} ms",
                    name, source.describe(), cause,
                    ready ? "serving the last index of " + snapshot.base().size() + " instances" : "not ready yet",
                    delay.toMillis());
        } else {
            log.debug("inventory {}: load failed again ({}, {} in a row)", name, code, count);
        }
        schedule(delay);
    }

    /** Exponential from min(1 s, refresh), capped at max(refresh, 5 min), with half of it random. */
    Duration backoff(int failureCount) {
        long refresh = config.refresh().toMillis();
        long base = Math.min(1000, refresh);
        long cap = Math.max(refresh, MAX_BACKOFF.toMillis());
        long delay = base << Math.min(failureCount - 1, 20);
        delay = Math.min(delay, cap);
        return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }

    private static Duration jitter(Duration period, double spread) {
        long millis = period.toMillis();
        long range = (long) (millis * spread);
        return Duration.ofMillis(millis - range + ThreadLocalRandom.current().nextLong(2 * range + 1));
    }

    private void schedule(Duration delay) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            next = executor.schedule(this::refresh, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private int size() {
        Snapshot current = snapshot;
        return current.base().size() + (current.overlay() == null ? 0 : current.overlay().size());
    }

    private double ageSeconds() {
        Instant loaded = lastLoaded;
        return loaded == null ? Double.NaN : Duration.between(loaded, clock.instant()).toMillis() / 1000.0;
    }

    /**
     * When the indexed instances last changed (a load whose instances differ from the previous
     * one), or the start of the first load while none has ended: the soa plugin's serial.
     */
    @Override
    public Instant instant() {
        Instant changed = lastChanged;
        return changed == null ? startedAt : changed;
    }

    /**
     * An estimate of the heap the index and its views hold, with every name's answer kept as wire
     * bytes: {@value #HEAP_BYTES_PER_INSTANCE} bytes an instance (measured 2026-12-02: 100,000
     * instances of the benchmark's generator, a forward and a reverse view, ~690 bytes each after
     * the load, ~1,000 once every name and address was asked once: live heap 80.0 and 112.8 MB
     * against 12.3 and 15.4 MB with one instance).
     */
    @Override
    public long heapBytes() {
        return HEAP_BYTES_PER_INSTANCE * snapshot.base().size();
    }

    static final long HEAP_BYTES_PER_INSTANCE = 1_000;

    @Override
    public String heapUse() {
        return "inventory " + name + " (" + snapshot.base().size() + " instances)";
    }

    @Override
    public boolean isReady() {
        return ready;
    }

    @Override
    public String notReadyReason() {
        if (ready) {
            return "";
        }
        String code = failureCode;
        return code == null ? "loading from " + source.describe()
                : "first load from " + source.describe() + " failed: " + code + "; retrying";
    }

    /** Closes {@code resource} with the inventory, before its source. */
    public void attach(AutoCloseable resource) {
        attached.add(resource);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        for (AutoCloseable resource : attached) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("inventory {}: failed to close {}", name, resource, e);
            }
        }
        try {
            source.close();
        } catch (Exception e) {
            log.warn("inventory {}: failed to close {}", name, source.describe(), e);
        }
    }

    @Override
    public String toString() {
        return "Ec2Inventory[" + name + ", " + source.describe() + ", " + snapshot.base() + "]";
    }
}
