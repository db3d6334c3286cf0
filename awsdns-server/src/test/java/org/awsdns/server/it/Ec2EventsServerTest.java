package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awsdns.plugins.ec2.FakeEc2;
import org.awsdns.plugins.ec2.events.Events;
import org.awsdns.plugins.ec2.events.FakeSqs;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.testing.TestServer;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Change events seen from outside: the packaged server in-process, the real AWS SDK clients over
 * HTTP to a local EC2 Query endpoint and a local SQS JSON endpoint fed EventBridge events, and
 * real UDP queries.
 */
class Ec2EventsServerTest {
    private static final int FLEET = 200;
    private static final String GROUP_TAG = "aws:autoscaling:groupName";

    private FakeEc2 ec2;
    private FakeSqs sqs;
    private AwsdnsServer server;
    private DnsClient client;

    @BeforeEach
    void fleet() throws Exception {
        ec2 = new FakeEc2();
        sqs = new FakeSqs();
        for (int i = 0; i < FLEET; i++) {
            ec2.add(FakeEc2.instance("i-" + i, "host-" + i, address(i)));
        }
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        sqs.close();
        ec2.close();
    }

    private void start(String reconcile) throws Exception {
        server = AwsdnsServer.fromYaml("""
                inventories:
                  prod:
                    region: us-east-1
                    credentials: {access_key_id: AKIDEXAMPLE, secret_access_key: not-a-real-secret}
                    endpoint: %s
                    on_miss: false
                    events: {queue_url: %s, endpoint: %s, reconcile: %s}
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["prod.internal.", "asg.internal."]
                    plugins:
                      - ec2-forward: {inventory: prod, zone: prod.internal., ttl: 30}
                      - ec2-forward: {inventory: prod, zone: asg.internal., key: asg, ttl: 30}
                """.formatted(ec2.endpoint(), sqs.queueUrl(), sqs.endpoint(), reconcile));
        TestServer.awaitReady(server, Duration.ofSeconds(20));
        Await.until("sqs.calls('ReceiveMessage') > 0", Duration.ofSeconds(10),
                () -> sqs.calls("ReceiveMessage") > 0); // the first long poll waits
        client = DnsClient.to(server.boundAddresses().get(0));
    }

    @Test
    void aBurstOf50LaunchesAnswersWithin2SecondsAfterOneDescribeInstances() throws Exception {
        start("1h");
        int callsBefore = ec2.calls();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ec2.add(FakeEc2.instance("i-0ae" + i, "new-" + i, "10.30.0." + (i + 1)));
            events.add(Events.stateChange("i-0ae" + i, "running", Instant.now()));
        }

        long sent = System.nanoTime();
        sqs.sendAll(events);
        Await.until("answers('new-49.prod.internal.') && answers('new-0.prod.internal.')", Duration.ofSeconds(20),
                () -> answers("new-49.prod.internal.") && answers("new-0.prod.internal."));
        double seconds = (System.nanoTime() - sent) / 1e9;

        System.out.printf(java.util.Locale.ROOT, "50 launches: every name answered %.2f s after the events were queued%n", seconds);
        assertThat(seconds).as("seconds from the events to the names answering").isLessThan(2.0);
        for (int i = 0; i < 50; i++) {
            assertThat(answer("new-" + i + ".prod.internal.")).containsExactly(a("new-" + i + ".prod.internal.", "10.30.0." + (i + 1)));
        }
        assertThat(ec2.calls() - callsBefore).as("DescribeInstances calls for 50 launches").isEqualTo(1);
        Map<String, String> call = ec2.requests().get(ec2.requests().size() - 1);
        assertThat(FakeEc2.filters(call).get("instance-id")).hasSize(50);
        assertThat(counter("ec2_api_calls", "purpose", "event", "outcome", "success")).isEqualTo(1);
        assertThat(counter("ec2_events_targeted_instances")).isEqualTo(50);
        assertThat(counter("ec2_events_applied", "kind", "state_change")).isEqualTo(50);
        Await.until("sqs.remaining() == 0", Duration.ofSeconds(10),
                () -> sqs.remaining() == 0); // deleted after applying
    }

    @Test
    void aTerminationIsNxdomainWithin2SecondsWithoutACall() throws Exception {
        start("1h");
        assertThat(answer("host-5.prod.internal.")).isNotEmpty();
        int callsBefore = ec2.calls();

        long sent = System.nanoTime();
        sqs.send(Events.stateChange("i-5", "shutting-down", Instant.now()));
        Await.until("rcode('host-5.prod.internal.') == Rcode.NXDOMAIN", Duration.ofSeconds(20),
                () -> rcode("host-5.prod.internal.") == Rcode.NXDOMAIN);

        double seconds = (System.nanoTime() - sent) / 1e9;
        System.out.printf(java.util.Locale.ROOT, "termination: NXDOMAIN %.2f s after the event was queued%n", seconds);
        assertThat(seconds).isLessThan(2.0);
        assertThat(answer("host-6.prod.internal.")).containsExactly(a("host-6.prod.internal.", address(6)));
        assertThat(ec2.calls()).isEqualTo(callsBefore);
        assertThat(counter("ec2_events_applied", "kind", "state_change")).isEqualTo(1);
    }

    @Test
    void aTagRenameMovesTheNameWithoutACall() throws Exception {
        start("1h");
        int callsBefore = ec2.calls();

        sqs.send(Events.tagChange("i-6", Map.of("Name", "renamed-6", "Class", "web"), Instant.now(), 2));
        Await.until("answers('renamed-6.prod.internal.')", Duration.ofSeconds(20),
                () -> answers("renamed-6.prod.internal."));

        assertThat(answer("renamed-6.prod.internal.")).containsExactly(a("renamed-6.prod.internal.", address(6)));
        assertThat(rcode("host-6.prod.internal.")).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ec2.calls()).isEqualTo(callsBefore);
    }

    @Test
    void duplicatedAndReorderedEventsNeverUndoANewerState() throws Exception {
        start("1h");
        Instant t = Instant.now();
        int callsBefore = ec2.calls();
        String rename = Events.tagChange("i-8", Map.of("Name", "second"), t.plusSeconds(2), 3);

        sqs.send(Events.stateChange("i-7", "stopped", t.plusSeconds(2)));
        sqs.send(rename);
        Await.until("answers('second.prod.internal.') && rcode('host-7.prod.internal.') == Rcode.NXDOMAIN", Duration.ofSeconds(20),
                () -> answers("second.prod.internal.") && rcode("host-7.prod.internal.") == Rcode.NXDOMAIN);
        // late: the running before the stop, the earlier rename; again: the rename itself
        sqs.send(Events.stateChange("i-7", "running", t.plusSeconds(1)));
        sqs.send(Events.tagChange("i-8", Map.of("Name", "first"), t.plusSeconds(1), 2));
        sqs.send(rename);
        Await.until("sqs.remaining() == 0 && counter('ec2_events_ignored', 'kind', 'tag_change', 'reason', 'duplicate') == 1", Duration.ofSeconds(20),
                () -> sqs.remaining() == 0 && counter("ec2_events_ignored", "kind", "tag_change", "reason", "duplicate") == 1);

        assertThat(rcode("host-7.prod.internal.")).isEqualTo(Rcode.NXDOMAIN);
        assertThat(rcode("first.prod.internal.")).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answer("second.prod.internal.")).containsExactly(a("second.prod.internal.", address(8)));
        assertThat(counter("ec2_events_ignored", "kind", "state_change", "reason", "stale")).isEqualTo(1);
        assertThat(counter("ec2_events_ignored", "kind", "tag_change", "reason", "stale")).isEqualTo(1);
        assertThat(ec2.calls()).as("a stale running event makes no call").isEqualTo(callsBefore);

        // in order, a restart brings it back
        sqs.send(Events.stateChange("i-7", "running", t.plusSeconds(3)));
        Await.until("answers('host-7.prod.internal.')", Duration.ofSeconds(20), () -> answers("host-7.prod.internal."));
    }

    @Test
    void aMalformedMessageIsCountedAndDeletedAndTheNextOneApplies() throws Exception {
        start("1h");

        sqs.send("this is not JSON");
        sqs.send("{\"id\": \"x\", \"source\": \"aws.ec2\", \"detail-type\": \"EC2 Instance State-change Notification\"}");
        sqs.send(Events.stateChange("i-9", "terminated", Instant.now()));
        Await.until("rcode('host-9.prod.internal.') == Rcode.NXDOMAIN", Duration.ofSeconds(20),
                () -> rcode("host-9.prod.internal.") == Rcode.NXDOMAIN);
        Await.until("sqs.remaining() == 0", Duration.ofSeconds(10), () -> sqs.remaining() == 0);

        assertThat(counter("ec2_events_malformed")).isEqualTo(2);
        assertThat(answer("host-10.prod.internal.")).isNotEmpty();
    }

    @Test
    void whileSqsIsUnavailableTheIndexServesAndTheReconcileCatchesUp() throws Exception {
        start("3s");
        sqs.unavailable(true);
        int receivesBefore = sqs.calls("ReceiveMessage");
        Await.until("sqs.calls('ReceiveMessage') >= receivesBefore + 2", Duration.ofSeconds(20),
                () -> sqs.calls("ReceiveMessage") >= receivesBefore + 2); // failing, backing off

        ec2.add(FakeEc2.instance("i-quiet", "quiet", "10.30.1.1")); // its event cannot come
        ec2.remove("i-11");
        sqs.send(Events.stateChange("i-12", "stopped", Instant.now())); // waits in the queue
        assertThat(answer("host-12.prod.internal.")).containsExactly(a("host-12.prod.internal.", address(12)));
        Await.until("answers('quiet.prod.internal.') && rcode('host-11.prod.internal.') == Rcode.NXDOMAIN", Duration.ofSeconds(20),
                () -> answers("quiet.prod.internal.") && rcode("host-11.prod.internal.") == Rcode.NXDOMAIN);
        assertThat(answer("host-13.prod.internal.")).isNotEmpty();

        sqs.unavailable(false);
        Await.until("rcode('host-12.prod.internal.') == Rcode.NXDOMAIN", Duration.ofSeconds(30),
                () -> rcode("host-12.prod.internal.") == Rcode.NXDOMAIN);
    }

    @Test
    void theReconcileRepairsWhatADroppedEventMissed() throws Exception {
        start("2s");
        ec2.add(FakeEc2.instance("i-dropped", "dropped", "10.30.2.1")); // launched, event lost
        ec2.remove("i-20"); // terminated, event lost

        Await.until("answers('dropped.prod.internal.') && rcode('host-20.prod.internal.') == Rcode.NXDOMAIN", Duration.ofSeconds(20),
                () -> answers("dropped.prod.internal.") && rcode("host-20.prod.internal.") == Rcode.NXDOMAIN);
        assertThat(counter("ec2_events_reconcile_differences", "kind", "missing")).isGreaterThanOrEqualTo(1);
        assertThat(counter("ec2_events_reconcile_differences", "kind", "extra")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anAutoScalingGroupScalesOutAndInThroughEvents() throws Exception {
        Instant launched = Instant.parse("2026-11-30T10:00:00Z");
        for (int i = 0; i < 2; i++) {
            ec2.add(member("i-web" + i, "10.40.0." + (i + 1), launched.plusSeconds(60 * i)));
        }
        start("2s");
        assertThat(answer("web.asg.internal.")).containsExactlyInAnyOrder(a("web.asg.internal.", "10.40.0.1"),
                a("web.asg.internal.", "10.40.0.2"));
        assertThat(answer("1.web.asg.internal.")).containsExactly(a("1.web.asg.internal.", "10.40.0.1"));
        assertThat(answer("2.web.asg.internal.")).containsExactly(a("2.web.asg.internal.", "10.40.0.2"));

        // scale out
        ec2.add(member("i-web2", "10.40.0.3", launched.plusSeconds(3600)));
        sqs.send(Events.autoScaling("EC2 Instance Launch Successful", "i-web2", "web", Instant.now()));
        Await.until("answer('web.asg.internal.').size() == 3", Duration.ofSeconds(20),
                () -> answer("web.asg.internal.").size() == 3);
        assertThat(answer("3.web.asg.internal.")).containsExactly(a("3.web.asg.internal.", "10.40.0.3"));

        // scale in: the oldest enters Terminating:Wait (still running for EC2, its hook draining)
        sqs.send(Events.autoScaling("EC2 Instance-terminate Lifecycle Action", "i-web0", "web", Instant.now()));
        Await.until("answer('web.asg.internal.').size() == 2", Duration.ofSeconds(20),
                () -> answer("web.asg.internal.").size() == 2);
        assertThat(answer("web.asg.internal.")).containsExactlyInAnyOrder(a("web.asg.internal.", "10.40.0.2"),
                a("web.asg.internal.", "10.40.0.3"));
        assertThat(answer("1.web.asg.internal.")).containsExactly(a("1.web.asg.internal.", "10.40.0.2"));
        // the reconcile (every 2 s) still sees it running, and still leaves it out
        double loads = counter("ec2_api_calls", "purpose", "refresh", "outcome", "success");
        Await.until("counter('ec2_api_calls', 'purpose', 'refresh', 'outcome', 'success') >= loads + 2", Duration.ofSeconds(20),
                () -> counter("ec2_api_calls", "purpose", "refresh", "outcome", "success") >= loads + 2);
        assertThat(answer("web.asg.internal.")).hasSize(2);
        assertThat(rcode("3.web.asg.internal.")).isEqualTo(Rcode.NXDOMAIN);

        ec2.remove("i-web0");
        sqs.send(Events.autoScaling("EC2 Instance Terminate Successful", "i-web0", "web", Instant.now()));
        Await.until("sqs.remaining() == 0", Duration.ofSeconds(20), () -> sqs.remaining() == 0);
        assertThat(answer("web.asg.internal.")).hasSize(2);
    }

    @Test
    void aMessageHandledPastItsVisibilityTimeoutIsLeftForItsRedeliveryThenDeletedAsADuplicate() throws Exception {
        sqs.visibilitySeconds(2);
        start("1h");
        ec2.add(FakeEc2.instance("i-0slow", "slow", "10.30.3.1"));
        int callsBefore = ec2.calls();
        ec2.delay(2_500); // the targeted call outlasts the 2 s visibility timeout

        sqs.send(Events.stateChange("i-0slow", "running", Instant.now()));
        Await.until("ec2.calls() > callsBefore", Duration.ofSeconds(20), () -> ec2.calls() > callsBefore);
        ec2.delay(0);
        Await.until("answers('slow.prod.internal.')", Duration.ofSeconds(20), () -> answers("slow.prod.internal."));
        Await.until("sqs.remaining() == 0", Duration.ofSeconds(20), () -> sqs.remaining() == 0);

        // each delivery handled past its own deadline came again: the ones during the call shared it,
        // the one after it was a duplicate, and that one was deleted
        assertThat(counter("ec2_events_ignored", "kind", "state_change", "reason", "duplicate")).isGreaterThanOrEqualTo(1);
        assertThat(counter("ec2_events_applied", "kind", "state_change")).isEqualTo(1);
        assertThat(ec2.calls() - callsBefore).as("redeliveries make no call").isEqualTo(1);
    }

    @Test
    void eventsThroughAnSnsTopicAreReadToo() throws Exception {
        start("1h");
        sqs.send(Events.throughSns(Events.stateChange("i-30", "stopping", Instant.now())));
        Await.until("rcode('host-30.prod.internal.') == Rcode.NXDOMAIN", Duration.ofSeconds(20),
                () -> rcode("host-30.prod.internal.") == Rcode.NXDOMAIN);
    }

    private static FakeEc2.Instance member(String id, String ip, Instant launchTime) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", id);
        tags.put(GROUP_TAG, "web");
        return new FakeEc2.Instance(id, "running", "k", "vpc-0abc", null, tags,
                List.of(new FakeEc2.Nic(List.of(ip), List.of())), launchTime.toString());
    }

    private double counter(String name, String... labels) {
        String[] tags = new String[labels.length + 2];
        tags[0] = "inventory";
        tags[1] = "prod";
        System.arraycopy(labels, 0, tags, 2, labels.length);
        Counter counter = server.meterRegistry().find("awsdns_" + name).tags(tags).counter();
        if (counter == null) {
            throw new AssertionError("no counter awsdns_" + name + " " + List.of(tags));
        }
        return counter.count();
    }

    private List<Record> answer(String name) {
        try {
            return client.udp(Queries.message(name, Type.A)).getSection(Section.ANSWER);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int rcode(String name) {
        try {
            return client.udp(Queries.message(name, Type.A)).getRcode();
        } catch (Exception e) {
            return -1;
        }
    }

    private boolean answers(String name) {
        try {
            Message reply = client.udp(Queries.message(name, Type.A));
            return !reply.getSection(Section.ANSWER).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static String address(int i) {
        return "10.20." + (i / 250) + "." + (i % 250 + 1);
    }

    private static ARecord a(String name, String address) throws Exception {
        return new ARecord(Name.fromString(name), DClass.IN, 30, InetAddress.getByName(address));
    }
}
