package org.awsdns.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.events.Events;
import org.junit.jupiter.api.Test;

/**
 * The AWS set-up of change events as shipped ({@code examples/aws/awsdns-events.yaml}, the IAM
 * policy): parsed, the resources and keys awsdns relies on present, and the rule's event pattern
 * letting through exactly the events the inventory reads.
 */
class AwsExamplesTest {
    private static final Path ROOT = Path.of(System.getProperty("awsdns.root"));
    private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

    private final JsonNode template = read("examples/aws/awsdns-events.yaml");
    private final JsonNode resources = template.path("Resources");

    @Test
    void theTemplateFansOneRuleOutToOneQueuePerReplica() {
        assertThat(template.path("AWSTemplateFormatVersion").asText()).isEqualTo("2010-09-09");
        assertThat(resources.path("InstanceEventsRule").path("Type").asText()).isEqualTo("AWS::Events::Rule");
        assertThat(resources.path("InstanceEventsRule").path("Properties").path("Targets").get(0).path("Arn").path("Ref").asText())
                .isEqualTo("EventsTopic");
        assertThat(resources.path("EventsTopic").path("Type").asText()).isEqualTo("AWS::SNS::Topic");
        assertThat(resources.path("EventsTopicPolicy").path("Properties").path("PolicyDocument").path("Statement").get(0)
                .path("Principal").path("Service").asText()).isEqualTo("events.amazonaws.com");

        List<String> queues = ofType("AWS::SQS::Queue");
        assertThat(queues).hasSize(3);
        for (String queue : queues) {
            JsonNode properties = resources.path(queue).path("Properties");
            assertThat(properties.path("ReceiveMessageWaitTimeSeconds").asInt()).as(queue).isEqualTo(20);
            assertThat(properties.path("VisibilityTimeout").asInt()).as(queue).isGreaterThanOrEqualTo(30);
            assertThat(subscriptionOf(queue).path("RawMessageDelivery").asBoolean()).as(queue + " raw delivery").isTrue();
            assertThat(template.path("Outputs").toString()).contains("{\"Ref\":\"" + queue + "\"}");
        }
        JsonNode queuePolicy = resources.path("ReplicaQueuesPolicy").path("Properties");
        assertThat(refs(queuePolicy.path("Queues"))).containsExactlyInAnyOrderElementsOf(queues);
        JsonNode send = queuePolicy.path("PolicyDocument").path("Statement").get(0);
        assertThat(send.path("Action").asText()).isEqualTo("sqs:SendMessage");
        assertThat(send.path("Condition").path("ArnEquals").path("aws:SourceArn").path("Ref").asText()).isEqualTo("EventsTopic");
        assertThat(resources.path("DrainHook").path("Properties").path("LifecycleTransition").asText())
                .isEqualTo("autoscaling:EC2_INSTANCE_TERMINATING");
    }

    @Test
    void thePoliciesGrantWhatTheEventsSourceCalls() {
        JsonNode statements = resources.path("AwsdnsPolicy").path("Properties").path("PolicyDocument").path("Statement");
        assertThat(statements.toString()).contains("ec2:DescribeInstances", "sqs:ReceiveMessage", "sqs:DeleteMessage",
                "sqs:GetQueueAttributes");
        assertThat(read("examples/iam/awsdns-policy.json").toString()).contains("ec2:DescribeInstances",
                "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes");
    }

    @Test
    void theRulePassesTheEventsTheInventoryReadsAndNoOthers() throws Exception {
        JsonNode pattern = resources.path("InstanceEventsRule").path("Properties").path("EventPattern");
        ObjectMapper json = new ObjectMapper();

        for (String state : List.of("running", "shutting-down", "stopping", "stopped", "terminated")) {
            assertThat(matches(pattern, json.readTree(Events.stateChange("i-1", state, T)))).as(state).isTrue();
        }
        assertThat(matches(pattern, json.readTree(Events.tagChange("i-1", Map.of("Name", "a"), T, 1)))).isTrue();
        for (String type : List.of("EC2 Instance Launch Successful", "EC2 Instance Terminate Successful",
                "EC2 Instance-terminate Lifecycle Action")) {
            assertThat(matches(pattern, json.readTree(Events.autoScaling(type, "i-1", "web", T)))).as(type).isTrue();
        }
        assertThat(matches(pattern, json.readTree(Events.stateChange("i-1", "pending", T)))).isFalse();
        assertThat(matches(pattern, json.readTree(Events.tagChange("i-1", Map.of(), T, 1)
                .replace("\"resource-type\":\"instance\"", "\"resource-type\":\"volume\"")))).isFalse();
    }

    /** EventBridge matching, as far as the template uses it: $or, value lists, nested objects. */
    private static boolean matches(JsonNode pattern, JsonNode event) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            if (field.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : field.getValue()) {
                    any |= matches(alternative, event);
                }
                if (!any) {
                    return false;
                }
            } else if (field.getValue().isArray()) {
                JsonNode value = event.get(field.getKey());
                boolean listed = false;
                for (JsonNode allowed : field.getValue()) {
                    listed |= value != null && value.isValueNode() && allowed.asText().equals(value.asText());
                }
                if (!listed) {
                    return false;
                }
            } else if (!event.path(field.getKey()).isObject() || !matches(field.getValue(), event.path(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private List<String> ofType(String type) {
        List<String> names = new ArrayList<>();
        resources.properties().forEach(entry -> {
            if (entry.getValue().path("Type").asText().equals(type)) {
                names.add(entry.getKey());
            }
        });
        return names;
    }

    private JsonNode subscriptionOf(String queue) {
        for (String name : ofType("AWS::SNS::Subscription")) {
            JsonNode properties = resources.path(name).path("Properties");
            if (properties.path("Endpoint").path("Fn::GetAtt").path(0).asText().equals(queue)) {
                assertThat(properties.path("Protocol").asText()).isEqualTo("sqs");
                assertThat(properties.path("TopicArn").path("Ref").asText()).isEqualTo("EventsTopic");
                return properties;
            }
        }
        throw new AssertionError("no subscription for " + queue);
    }

    private static List<String> refs(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(node -> names.add(node.path("Ref").asText()));
        return names;
    }

    private static JsonNode read(String path) {
        try {
            return new YAMLMapper().readTree(ROOT.resolve(path).toFile());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
