package org.awsdns.plugins.ec2.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awsdns.plugins.ec2.events.ChangeEvent.Kind;

/**
 * Reads an SQS message body: an EventBridge event as the rule's SQS target delivers it, or the
 * same wrapped in an SNS notification (a topic fanning out to one queue per replica, without raw
 * message delivery).
 */
public final class EventParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE_ARN = ":instance/";

    private EventParser() {}

    public static ChangeEvent parse(String body) throws MalformedEventException {
        JsonNode event = read(body);
        if (event.path("Type").asText("").equals("Notification") && event.path("Message").isTextual()) {
            event = read(event.path("Message").asText()); // through SNS
        }
        String id = text(event, "id");
        String source = text(event, "source");
        String detailType = text(event, "detail-type");
        Instant time = time(event);
        JsonNode detail = event.path("detail");
        if (!detail.isObject()) {
            throw new MalformedEventException("event " + id + " has no detail object");
        }
        switch (source + "|" + detailType) {
            case "aws.ec2|EC2 Instance State-change Notification" -> {
                return new ChangeEvent(id, Kind.STATE_CHANGE, instanceId(text(detail, "instance-id"), id), time,
                        text(detail, "state"), null, 0);
            }
            case "aws.tag|Tag Change on Resource" -> {
                if (!"ec2".equals(detail.path("service").asText()) || !"instance".equals(detail.path("resource-type").asText())) {
                    return other(id, time);
                }
                JsonNode tags = detail.path("tags");
                if (!tags.isObject()) {
                    throw new MalformedEventException("tag change " + id + " has no detail.tags map");
                }
                Map<String, String> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> tag : tags.properties()) {
                    if (!tag.getValue().isValueNode() || tag.getValue().isNull()) {
                        throw new MalformedEventException("tag change " + id + ": tag " + tag.getKey() + " is not a string");
                    }
                    map.put(tag.getKey(), tag.getValue().asText());
                }
                return new ChangeEvent(id, Kind.TAG_CHANGE, instanceFromResources(event, id), time, null, map,
                        detail.path("version").asLong(0));
            }
            case "aws.autoscaling|EC2 Instance Launch Successful" -> {
                return asg(id, Kind.ASG_LAUNCH, detail, time);
            }
            case "aws.autoscaling|EC2 Instance Terminate Successful" -> {
                return asg(id, Kind.ASG_TERMINATE, detail, time);
            }
            case "aws.autoscaling|EC2 Instance-terminate Lifecycle Action" -> {
                return asg(id, Kind.ASG_TERMINATING, detail, time);
            }
            default -> {
                return other(id, time);
            }
        }
    }

    private static ChangeEvent asg(String id, Kind kind, JsonNode detail, Instant time) throws MalformedEventException {
        return new ChangeEvent(id, kind, instanceId(text(detail, "EC2InstanceId"), id), time, null, null, 0);
    }

    private static ChangeEvent other(String id, Instant time) {
        return new ChangeEvent(id, Kind.OTHER, null, time, null, null, 0);
    }

    private static JsonNode read(String body) throws MalformedEventException {
        if (body == null || body.isBlank()) {
            throw new MalformedEventException("empty message body");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MalformedEventException("message body is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("message body is not JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private static String text(JsonNode node, String field) throws MalformedEventException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new MalformedEventException("event without the string field '" + field + "'");
        }
        return value.asText();
    }

    private static Instant time(JsonNode event) throws MalformedEventException {
        String text = text(event, "time");
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("event time '" + text + "' is not an ISO-8601 instant");
        }
    }

    private static String instanceId(String value, String eventId) throws MalformedEventException {
        if (!value.matches("i-[0-9a-zA-Z]{1,40}")) {
            throw new MalformedEventException("event " + eventId + ": '" + value + "' is not an instance ID");
        }
        return value;
    }

    private static String instanceFromResources(JsonNode event, String eventId) throws MalformedEventException {
        for (JsonNode resource : event.path("resources")) {
            String arn = resource.asText("");
            int at = arn.indexOf(INSTANCE_ARN);
            if (at >= 0) {
                return instanceId(arn.substring(at + INSTANCE_ARN.length()), eventId);
            }
        }
        throw new MalformedEventException("tag change " + eventId + " names no instance ARN in resources");
    }
}
