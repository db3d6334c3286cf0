package org.awsdns.plugins.ec2.events;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awsdns.plugins.ec2.events.ChangeEvent.Kind;
import org.awsdns.plugins.ec2.events.EventLedger.Verdict;
import org.awsdns.plugins.ec2.events.EventsMetrics.Ignored;
import org.awsdns.plugins.ec2.inventory.Ec2Instance;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Keeps an inventory's index current from change events: reads its SQS queue, applies each
 * receive's events as one patch of the index (leaving instances and tag changes at once, with no
 * API call), gathers the instances reported running into one batched DescribeInstances by ID, and
 * replays recent events over every full load (the reconcile). An event never removes an instance
 * other than its own, and an event older than what is known of its instance changes nothing.
 */
public final class ChangeEvents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChangeEvents.class);
    /** IDs arriving within this of the first go into one DescribeInstances. */
    static final Duration BATCH_WINDOW = Duration.ofSeconds(1);
    /** The most IDs in one DescribeInstances. */
    static final int MAX_BATCH = 1000;
    private static final CompletableFuture<Boolean> DELETE = CompletableFuture.completedFuture(true);

    private final Ec2Inventory inventory;
    private final SqsAsyncClient sqs;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final EventsMetrics metrics;
    private final EventLedger ledger = new EventLedger();
    private final LaunchBatcher batcher;
    private final QueueReader reader;
    /** Serialises deciding and patching, so that patches land in the order they were decided. */
    private final Object applyLock = new Object();
    private final AtomicBoolean malformedLogged = new AtomicBoolean();
    /** The launch events whose targeted call is under way, by event ID. */
    private final Map<String, CompletableFuture<Boolean>> launches = new ConcurrentHashMap<>();

    public ChangeEvents(Ec2Inventory inventory, SqsAsyncClient sqs, EventsConfig config,
            ScheduledExecutorService executor, Clock clock, EventsMetrics metrics) {
        this.inventory = requireNonNull(inventory, "inventory is null");
        this.sqs = requireNonNull(sqs, "sqs is null");
        this.executor = requireNonNull(executor, "executor is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.batcher = new LaunchBatcher(this::describe, executor, BATCH_WINDOW, MAX_BATCH);
        this.reader = new QueueReader(sqs, config.queueUrl(), inventory.name(), this::handle, executor, clock, metrics);
    }

    /** Hooks into the inventory's full loads and starts reading the queue. */
    public ChangeEvents start() {
        inventory.reconciler((loaded, started, current) -> ledger.reconcile(loaded, started, current, metrics));
        reader.start();
        return this;
    }

    /** Handles one receive: a future per message, {@code true} when it may be deleted. */
    List<CompletableFuture<Boolean>> handle(List<Message> messages) {
        List<CompletableFuture<Boolean>> outcomes = new ArrayList<>(messages.size());
        List<Ec2Instance> upserts = new ArrayList<>();
        List<String> removals = new ArrayList<>();
        List<ChangeEvent> appliedNow = new ArrayList<>();
        synchronized (applyLock) {
            for (Message message : messages) {
                ChangeEvent event;
                try {
                    event = EventParser.parse(message.body());
                } catch (MalformedEventException e) {
                    malformed(message, e);
                    outcomes.add(DELETE);
                    continue;
                }
                metrics.received(event.kind());
                outcomes.add(decide(event, upserts, removals, appliedNow));
            }
            inventory.patch(upserts, removals);
        }
        long now = clock.millis();
        for (ChangeEvent event : appliedNow) {
            applied(event, now);
        }
        return outcomes;
    }

    /** Decides one event: applied now (added to the patch), later (a launch), or ignored. */
    private CompletableFuture<Boolean> decide(ChangeEvent event, List<Ec2Instance> upserts, List<String> removals,
            List<ChangeEvent> appliedNow) {
        boolean followed = event.leaving() || event.launching() || event.kind() == Kind.TAG_CHANGE;
        if (!followed) {
            metrics.ignored(event.kind(), Ignored.UNHANDLED);
            return DELETE;
        }
        CompletableFuture<Boolean> pending = launches.get(event.id());
        if (pending != null) {
            // delivered again while its targeted call runs (the visibility timeout ran out): share it
            metrics.ignored(event.kind(), Ignored.DUPLICATE);
            return pending;
        }
        Verdict verdict = ledger.check(event);
        if (verdict != Verdict.APPLY) {
            metrics.ignored(event.kind(), verdict == Verdict.STALE ? Ignored.STALE : Ignored.DUPLICATE);
            return DELETE;
        }
        if (event.leaving()) {
            ledger.leaving(event);
            upserts.removeIf(instance -> instance.id().equals(event.instanceId()));
            removals.add(event.instanceId());
            appliedNow.add(event);
            return DELETE;
        }
        if (event.kind() == Kind.TAG_CHANGE) {
            Ec2Instance current = pending(upserts, event.instanceId());
            if (current == null && !removals.contains(event.instanceId())) {
                current = inventory.index().byId(event.instanceId());
            }
            Ec2Instance tagged = ledger.tagged(event, current);
            if (tagged != null) {
                upserts.removeIf(instance -> instance.id().equals(event.instanceId()));
                upserts.add(tagged);
            }
            appliedNow.add(event);
            return DELETE;
        }
        ledger.launching(event);
        CompletableFuture<Boolean> launch = batcher.request(event.instanceId()).thenApply(done -> {
            applied(event, clock.millis());
            return true;
        });
        launches.put(event.id(), launch);
        launch.whenComplete((done, failure) -> launches.remove(event.id(), launch));
        return launch;
    }

    private static Ec2Instance pending(List<Ec2Instance> upserts, String id) {
        for (Ec2Instance instance : upserts) {
            if (instance.id().equals(id)) {
                return instance;
            }
        }
        return null;
    }

    /** One targeted call for a batch of launched instances, then one patch with what it found. */
    private CompletableFuture<Void> describe(List<String> ids) {
        metrics.targeted(ids.size());
        // the new index is built on the shared executor, not on the SDK's threads
        return inventory.describe(ids).thenAcceptAsync(found -> {
            synchronized (applyLock) {
                inventory.patch(ledger.fetched(found), List.of());
            }
        }, executor);
    }

    private void applied(ChangeEvent event, long nowMillis) {
        ledger.applied(event);
        metrics.applied(event.kind(), (nowMillis - event.time().toEpochMilli()) * 1_000_000L);
    }

    private void malformed(Message message, MalformedEventException e) {
        metrics.malformed();
        if (malformedLogged.compareAndSet(false, true)) {
            log.warn("inventory {}: deleted an SQS message that is not a change event ({}; message {}); "
                    + "further ones are counted in awsdns_ec2_events_malformed and logged at DEBUG",
                    inventory.name(), e.getMessage(), message.messageId());
        } else {
            log.debug("inventory {}: malformed event message {}: {}", inventory.name(), message.messageId(), e.getMessage());
        }
    }

    @Override
    public void close() {
        reader.close();
        batcher.close();
        inventory.reconciler(null);
        sqs.close();
    }
}
