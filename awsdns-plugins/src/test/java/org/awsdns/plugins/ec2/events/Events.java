package org.awsdns.plugins.ec2.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** EventBridge events as the rule's SQS target delivers them (the shapes AWS documents), for tests. */
public final class Events {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {}

    /** {@code EC2 Instance State-change Notification}. */
    public static String stateChange(String instanceId, String state, Instant time) {
        ObjectNode event = envelope("aws.ec2", "EC2 Instance State-change Notification", time, instanceId);
        event.putObject("detail").put("instance-id", instanceId).put("state", state);
        return event.toString();
    }

    /** {@code Tag Change on Resource} for an instance, with its full tag map. */
    public static String tagChange(String instanceId, Map<String, String> tags, Instant time, long version) {
        ObjectNode event = envelope("aws.tag", "Tag Change on Resource", time, instanceId);
        ObjectNode detail = event.putObject("detail");
        detail.putArray("changed-tag-keys").add("Name");
        detail.put("service", "ec2").put("resource-type", "instance").put("version", version);
        ObjectNode map = detail.putObject("tags");
        tags.forEach(map::put);
        return event.toString();
    }

    /** An Auto Scaling event: {@code EC2 Instance Launch Successful} and the like. */
    public static String autoScaling(String detailType, String instanceId, String group, Instant time) {
        ObjectNode event = envelope("aws.autoscaling", detailType, time, instanceId);
        ObjectNode detail = event.putObject("detail");
        detail.put("AutoScalingGroupName", group).put("EC2InstanceId", instanceId);
        if (detailType.contains("Lifecycle Action")) {
            detail.put("LifecycleActionToken", UUID.randomUUID().toString())
                    .put("LifecycleHookName", "drain")
                    .put("LifecycleTransition", "autoscaling:EC2_INSTANCE_TERMINATING");
        } else {
            detail.put("StatusCode", "InProgress").put("ActivityId", UUID.randomUUID().toString())
                    .put("Cause", "At " + time + " an instance was started in response to a difference between desired and actual capacity");
        }
        return event.toString();
    }

    /** The same event as SNS delivers it to a subscribed queue without raw message delivery. */
    public static String throughSns(String event) {
        ObjectNode notification = JSON.createObjectNode();
        notification.put("Type", "Notification").put("MessageId", UUID.randomUUID().toString())
                .put("TopicArn", "arn:aws:sns:us-east-1:123456789012:awsdns-events")
                .put("Message", event).put("Timestamp", Instant.now().toString());
        return notification.toString();
    }

    private static ObjectNode envelope(String source, String detailType, Instant time, String instanceId) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0").put("id", UUID.randomUUID().toString()).put("detail-type", detailType)
                .put("source", source).put("account", "123456789012").put("time", time.toString())
                .put("region", "us-east-1");
        event.putArray("resources").add("arn:aws:ec2:us-east-1:123456789012:instance/" + instanceId);
        return event;
    }
}
