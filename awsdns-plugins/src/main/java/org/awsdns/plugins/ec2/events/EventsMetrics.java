package org.awsdns.plugins.ec2.events;

import java.util.Locale;
import org.awsdns.core.Metrics;
import org.awsdns.plugins.ec2.events.ChangeEvent.Kind;

/** The meters of one inventory's change events, registered once, labelled {@code inventory}. */
public final class EventsMetrics {
    /** Why an event changed nothing. */
    public enum Ignored {
        /** Older than what is known of the instance (or than the last full load). */
        STALE,
        /** Delivered again after it was applied. */
        DUPLICATE,
        /** A kind or state the index does not follow (pending, other events). */
        UNHANDLED
    }

    /** What a full load found that events had not brought. */
    public enum Difference {
        /** In the load, not in the index. */
        MISSING,
        /** In the index, not in the load. */
        EXTRA,
        /** In both, with other tags. */
        TAGS
    }

    /** The SQS calls counted. */
    public enum SqsOperation {
        RECEIVE_MESSAGE("ReceiveMessage"),
        DELETE_MESSAGE_BATCH("DeleteMessageBatch"),
        GET_QUEUE_ATTRIBUTES("GetQueueAttributes");

        private final String label;

        SqsOperation(String label) {
            this.label = label;
        }
    }

    private final Metrics.Counter[] received = new Metrics.Counter[Kind.values().length];
    private final Metrics.Counter[] applied = new Metrics.Counter[Kind.values().length];
    private final Metrics.Counter[][] ignored = new Metrics.Counter[Kind.values().length][Ignored.values().length];
    private final Metrics.Counter malformed;
    private final Metrics.Timer lag;
    private final Metrics.Counter targetedInstances;
    private final Metrics.Counter[] differences = new Metrics.Counter[Difference.values().length];
    private final Metrics.Counter[][] sqsCalls = new Metrics.Counter[SqsOperation.values().length][2];

    public EventsMetrics(Metrics metrics, String inventory) {
        for (Kind kind : Kind.values()) {
            received[kind.ordinal()] = metrics.counter("ec2_events_received", "Change events received, by kind",
                    "inventory", inventory, "kind", kind.label());
            applied[kind.ordinal()] = metrics.counter("ec2_events_applied", "Change events applied to the index, by kind",
                    "inventory", inventory, "kind", kind.label());
            for (Ignored reason : Ignored.values()) {
                ignored[kind.ordinal()][reason.ordinal()] = metrics.counter("ec2_events_ignored",
                        "Change events that changed nothing, by kind and reason", "inventory", inventory,
                        "kind", kind.label(), "reason", label(reason));
            }
        }
        malformed = metrics.counter("ec2_events_malformed", "SQS messages that were not readable events (deleted)",
                "inventory", inventory);
        lag = metrics.timer("ec2_events_lag", "Time from an event's time to its change being applied",
                "inventory", inventory);
        targetedInstances = metrics.counter("ec2_events_targeted_instances",
                "Instance IDs asked for by targeted DescribeInstances calls (the calls are ec2_api_calls{purpose=event})",
                "inventory", inventory);
        for (Difference difference : Difference.values()) {
            differences[difference.ordinal()] = metrics.counter("ec2_events_reconcile_differences",
                    "Instances a full load found different from the event-fed index (non-zero: events were lost)",
                    "inventory", inventory, "kind", label(difference));
        }
        for (SqsOperation operation : SqsOperation.values()) {
            for (int failed = 0; failed < 2; failed++) {
                sqsCalls[operation.ordinal()][failed] = metrics.counter("ec2_events_sqs_calls",
                        "SQS calls by operation and outcome", "inventory", inventory, "operation", operation.label,
                        "outcome", failed == 0 ? "success" : "error");
            }
        }
    }

    void received(Kind kind) {
        received[kind.ordinal()].increment();
    }

    void applied(Kind kind, long lagNanos) {
        applied[kind.ordinal()].increment();
        lag.record(Math.max(0, lagNanos));
    }

    void ignored(Kind kind, Ignored reason) {
        ignored[kind.ordinal()][reason.ordinal()].increment();
    }

    void malformed() {
        malformed.increment();
    }

    void targeted(int instances) {
        for (int i = 0; i < instances; i++) {
            targetedInstances.increment();
        }
    }

    void difference(Difference difference, int count) {
        for (int i = 0; i < count; i++) {
            differences[difference.ordinal()].increment();
        }
    }

    void sqsCall(SqsOperation operation, boolean success) {
        sqsCalls[operation.ordinal()][success ? 0 : 1].increment();
    }

    private static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
