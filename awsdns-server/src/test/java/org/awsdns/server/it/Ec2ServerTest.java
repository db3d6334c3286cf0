package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awsdns.plugins.ec2.FakeEc2;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.testing.TestServer;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The EC2 side seen from outside: the packaged chain in-process, the real AWS SDK client over
 * HTTP to a local EC2 Query endpoint, and real UDP queries.
 */
class Ec2ServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final int INSTANCES = 2_500;

    private static String config(FakeEc2 ec2, String refresh) {
        return """
                inventories:
                  prod:
                    region: us-east-1
                    credentials: {access_key_id: AKIDEXAMPLE, secret_access_key: not-a-real-secret}
                    endpoint: %s
                    refresh: %s
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["prod.internal.", "in-addr.arpa."]
                    plugins:
                      - ec2-forward: {inventory: prod, zone: prod.internal., ttl: 30}
                      - ec2-reverse: {inventory: prod, zone: prod.internal., ttl: 30}
                """.formatted(ec2.endpoint(), refresh);
    }

    @Test
    void answersEveryOneOf2500InstancesLoadedOverSeveralPages() throws Exception {
        try (FakeEc2 ec2 = fleet(); AwsdnsServer server = AwsdnsServer.fromYaml(config(ec2, "1h"))) {
            TestServer.awaitReady(server, WAIT);
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));

            for (int i = 0; i < INSTANCES; i++) {
                Message reply = client.udp(Queries.message("host-" + i + ".prod.internal.", Type.A));
                assertThat(reply.getSection(Section.ANSWER)).as("host-" + i).containsExactly(a("host-" + i + ".prod.internal.", address(i)));
            }
            Message ptr = client.udp(Queries.message(reverse(1234), Type.PTR));
            assertThat(ptr.getSection(Section.ANSWER)).containsExactly(
                    new PTRRecord(Name.fromString(reverse(1234)), DClass.IN, 30, Name.fromString("host-1234.prod.internal.")));
            assertThat(ec2.requests()).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(request -> assertThat(request).containsEntry("MaxResults", "1000"));
        }
    }

    @Test
    void keepsAnsweringEveryNameWhileAwsThrottlesTheRefresh() throws Exception {
        try (FakeEc2 ec2 = fleet(); AwsdnsServer server = AwsdnsServer.fromYaml(config(ec2, "1s"))) {
            TestServer.awaitReady(server, WAIT);
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            ec2.mode(FakeEc2.Mode.THROTTLE);
            int callsBefore = ec2.calls();

            Await.until("ec2.calls() >= callsBefore + 2", WAIT,
                    () -> ec2.calls() >= callsBefore + 2); // refreshes tried and throttled
            for (int i = 0; i < INSTANCES; i += 25) {
                Message reply = client.udp(Queries.message("host-" + i + ".prod.internal.", Type.A));
                assertThat(reply.getSection(Section.ANSWER)).as("host-" + i).containsExactly(a("host-" + i + ".prod.internal.", address(i)));
            }

            ec2.mode(FakeEc2.Mode.OK);
            ec2.add(FakeEc2.instance("i-new", "new-after-throttle", "10.30.0.1"));
            Await.until("answers(client, 'new-after-throttle.prod.internal.')", WAIT,
                    () -> answers(client, "new-after-throttle.prod.internal."));
        }
    }

    @Test
    void hundredConcurrentQueriesForOneUnknownNameMakeOneApiCall() throws Exception {
        try (FakeEc2 ec2 = fleet(); AwsdnsServer server = AwsdnsServer.fromYaml(config(ec2, "1h"))) {
            TestServer.awaitReady(server, WAIT);
            ec2.add(FakeEc2.instance("i-late", "late-comer", "10.30.0.9"));
            int callsBefore = ec2.calls();
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            ExecutorService threads = Executors.newFixedThreadPool(100);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Message>> replies = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    replies.add(threads.submit(() -> {
                        start.await();
                        return client.udp(Queries.message("late-comer.prod.internal.", Type.A));
                    }));
                }
                start.countDown();
                for (Future<Message> reply : replies) {
                    assertThat(reply.get(10, TimeUnit.SECONDS).getSection(Section.ANSWER))
                            .containsExactly(a("late-comer.prod.internal.", "10.30.0.9"));
                }
            } finally {
                threads.shutdownNow();
            }

            assertThat(ec2.calls() - callsBefore).isEqualTo(1);
            Map<String, String> lookup = ec2.requests().get(ec2.requests().size() - 1);
            assertThat(lookup).containsValue("tag:Name");
        }
    }

    @Test
    void aFloodOfRandomNamesDoesNotBecomeAFloodOfApiCalls() throws Exception {
        try (FakeEc2 ec2 = fleet(); AwsdnsServer server = AwsdnsServer.fromYaml(config(ec2, "1h"))) {
            TestServer.awaitReady(server, WAIT);
            int callsBefore = ec2.calls();
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            long started = System.nanoTime();

            for (int i = 0; i < 200; i++) {
                Message reply = client.udp(Queries.message("random-" + i + ".prod.internal.", Type.A));
                assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            }

            double seconds = (System.nanoTime() - started) / 1e9;
            // the miss rate is 5/s with a burst of about as much: never one call per query
            assertThat(ec2.calls() - callsBefore).isLessThanOrEqualTo((int) Math.ceil(5 * seconds) + 6);
        }
    }

    @Test
    void givesNoNegativeAnswerBeforeTheFirstLoadEnds() throws Exception {
        try (FakeEc2 ec2 = fleet()) {
            ec2.delay(1_500); // the first DescribeInstances takes a while
            String yaml = config(ec2, "1h").replace("plugins:\n", "plugins:\n      - cache\n");
            try (AwsdnsServer server = AwsdnsServer.fromYaml(yaml)) {
                DnsClient client = DnsClient.to(server.boundAddresses().get(0));

                Message early = client.udp(Queries.message("host-7.prod.internal.", Type.A));
                assertThat(server.resources().notReady()).as("still loading when asked").isNotEmpty();
                ec2.delay(0);
                TestServer.awaitReady(server, WAIT);

                assertThat(early.getRcode()).as("not NXDOMAIN, which resolvers and the cache would keep").isEqualTo(Rcode.SERVFAIL);
                assertThat(early.getSection(Section.AUTHORITY)).isEmpty();
                // the not-loaded SERVFAIL is marked for now only: the cache did not keep it (for
                // servfail_ttl, 5 s), so the first query after the load has the answer
                assertThat(client.udp(Queries.message("host-7.prod.internal.", Type.A)).getSection(Section.ANSWER))
                        .containsExactly(a("host-7.prod.internal.", address(7)));
            }
        }
    }

    @Test
    void readyTurns200WhenTheInventoryHasLoaded() throws Exception {
        try (FakeEc2 ec2 = fleet()) {
            ec2.delay(1_500); // the first DescribeInstances takes a while
            String yaml = "health: {listen: \"127.0.0.1:0\"}\n" + config(ec2, "1h");
            try (AwsdnsServer server = AwsdnsServer.fromYaml(yaml)) {
                java.net.URI ready = java.net.URI.create("http://127.0.0.1:" + server.healthAddress().orElseThrow().getPort() + "/ready");
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

                java.net.http.HttpResponse<String> loading = http.send(java.net.http.HttpRequest.newBuilder(ready).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                ec2.delay(0);
                TestServer.awaitReady(server, WAIT);
                java.net.http.HttpResponse<String> loaded = http.send(java.net.http.HttpRequest.newBuilder(ready).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());

                assertThat(loading.statusCode()).isEqualTo(503);
                assertThat(loading.body()).contains("inventories.prod").contains("loading");
                assertThat(loaded.statusCode()).isEqualTo(200);
                assertThat(loaded.body()).isEqualTo("ready\n");
            }
        }
    }

    private static FakeEc2 fleet() throws Exception {
        FakeEc2 ec2 = new FakeEc2();
        for (int i = 0; i < INSTANCES; i++) {
            ec2.add(FakeEc2.instance("i-" + i, "host-" + i, address(i)));
        }
        return ec2;
    }

    private static boolean answers(DnsClient client, String name) {
        try {
            return !client.udp(Queries.message(name, Type.A)).getSection(Section.ANSWER).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private static String address(int i) {
        return "10.20." + (i / 250) + "." + (i % 250 + 1);
    }

    private static String reverse(int i) {
        return (i % 250 + 1) + "." + (i / 250) + ".20.10.in-addr.arpa.";
    }

    private static ARecord a(String name, String address) throws Exception {
        return new ARecord(Name.fromString(name), DClass.IN, 30, InetAddress.getByName(address));
    }
}
