package org.awsdns.plugins.ec2.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.awsdns.plugins.ec2.events.ChangeEvent.Kind;
import org.junit.jupiter.api.Test;

/** Message bodies as EventBridge (directly or through SNS) delivers them, and ones it never would. */
class EventParserTest {
    private static final Instant T = Instant.parse("2026-11-30T10:15:30Z");

    @Test
    void readsAStateChange() throws Exception {
        ChangeEvent event = EventParser.parse(Events.stateChange("i-0abc123", "stopping", T));

        assertThat(event.kind()).isEqualTo(Kind.STATE_CHANGE);
        assertThat(event.instanceId()).isEqualTo("i-0abc123");
        assertThat(event.state()).isEqualTo("stopping");
        assertThat(event.time()).isEqualTo(T);
        assertThat(event.leaving()).isTrue();
        assertThat(event.launching()).isFalse();
    }

    @Test
    void readsATagChangeWithItsInstanceFromTheResourceArn() throws Exception {
        ChangeEvent event = EventParser.parse(Events.tagChange("i-0abc123", Map.of("Name", "web-1", "Class", "web"), T, 7));

        assertThat(event.kind()).isEqualTo(Kind.TAG_CHANGE);
        assertThat(event.instanceId()).isEqualTo("i-0abc123");
        assertThat(event.tags()).containsOnly(Map.entry("Name", "web-1"), Map.entry("Class", "web"));
        assertThat(event.tagVersion()).isEqualTo(7);
    }

    @Test
    void readsAutoScalingEventsAndUnwrapsSns() throws Exception {
        ChangeEvent launch = EventParser.parse(Events.autoScaling("EC2 Instance Launch Successful", "i-1", "web", T));
        ChangeEvent hook = EventParser.parse(Events.throughSns(
                Events.autoScaling("EC2 Instance-terminate Lifecycle Action", "i-2", "web", T)));

        assertThat(launch.kind()).isEqualTo(Kind.ASG_LAUNCH);
        assertThat(launch.launching()).isTrue();
        assertThat(hook.kind()).isEqualTo(Kind.ASG_TERMINATING);
        assertThat(hook.instanceId()).isEqualTo("i-2");
        assertThat(hook.leaving()).isTrue();
    }

    @Test
    void otherEventsAreReadAsOther() throws Exception {
        String volume = "{\"version\":\"0\",\"id\":\"e1\",\"detail-type\":\"EBS Volume Notification\",\"source\":\"aws.ec2\","
                + "\"time\":\"2026-11-30T10:15:30Z\",\"detail\":{}}";
        String bucketTags = Events.tagChange("i-1", Map.of(), T, 1).replace("\"service\":\"ec2\"", "\"service\":\"s3\"");

        assertThat(EventParser.parse(volume).kind()).isEqualTo(Kind.OTHER);
        assertThat(EventParser.parse(bucketTags).kind()).isEqualTo(Kind.OTHER);
    }

    @Test
    void saysWhatIsWrongWithAMalformedMessage() {
        assertThatThrownBy(() -> EventParser.parse("")).isInstanceOf(MalformedEventException.class).hasMessage("empty message body");
        assertThatThrownBy(() -> EventParser.parse("{\"id\":")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> EventParser.parse("[1, 2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> EventParser.parse(Events.stateChange("i-1", "running", T).replace("\"time\":\"2026-11-30T10:15:30Z\"", "\"time\":\"yesterday\"")))
                .hasMessageContaining("'yesterday' is not an ISO-8601 instant");
        assertThatThrownBy(() -> EventParser.parse(Events.stateChange("vol-1", "running", T)))
                .hasMessageContaining("'vol-1' is not an instance ID");
        assertThatThrownBy(() -> EventParser.parse(Events.stateChange("i-1", "running", T).replace("\"state\":\"running\"", "\"state\":3")))
                .hasMessageContaining("'state'");
    }
}
