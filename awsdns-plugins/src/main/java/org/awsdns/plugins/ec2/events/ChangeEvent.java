package org.awsdns.plugins.ec2.events;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * One change event as the inventory uses it, read from an EventBridge event.
 *
 * @param id the event's ID (a duplicate delivery has the same)
 * @param kind what happened
 * @param instanceId the instance it is about ({@code null} for {@link Kind#OTHER})
 * @param time the event's {@code time}: when the change happened
 * @param state the instance state of a state-change notification, else {@code null}
 * @param tags the instance's full tag map after a tag change, else {@code null}
 * @param tagVersion the tag change's {@code detail.version} (orders changes within one second), else 0
 */
public record ChangeEvent(String id, Kind kind, String instanceId, Instant time, String state,
        Map<String, String> tags, long tagVersion) {

    /** The kinds of events, with their metric label. */
    public enum Kind {
        /** {@code EC2 Instance State-change Notification}. */
        STATE_CHANGE,
        /** {@code Tag Change on Resource} of an EC2 instance. */
        TAG_CHANGE,
        /** {@code EC2 Instance Launch Successful}. */
        ASG_LAUNCH,
        /** {@code EC2 Instance-terminate Lifecycle Action}: the instance enters Terminating:Wait. */
        ASG_TERMINATING,
        /** {@code EC2 Instance Terminate Successful}. */
        ASG_TERMINATE,
        /** Any other well-formed event: counted and ignored. */
        OTHER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ChangeEvent {
        requireNonNull(id, "id is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(time, "time is null");
        tags = tags == null ? null : Map.copyOf(tags);
    }

    /** The instance states after which it answers no more: it leaves the index. */
    public boolean leaving() {
        return kind == Kind.ASG_TERMINATE || kind == Kind.ASG_TERMINATING
                || (kind == Kind.STATE_CHANGE && state != null && switch (state) {
                    case "shutting-down", "stopping", "stopped", "terminated" -> true;
                    default -> false;
                });
    }

    /** The events that make the instance (re)described by one targeted call. */
    public boolean launching() {
        return kind == Kind.ASG_LAUNCH || (kind == Kind.STATE_CHANGE && "running".equals(state));
    }

    /** Whether nothing can bring the instance back after this event. */
    public boolean finalState() {
        return kind == Kind.ASG_TERMINATE || kind == Kind.ASG_TERMINATING
                || (kind == Kind.STATE_CHANGE && ("terminated".equals(state) || "shutting-down".equals(state)));
    }
}
