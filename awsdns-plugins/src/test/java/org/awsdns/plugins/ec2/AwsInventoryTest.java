package org.awsdns.plugins.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.testing.Records.lines;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Response;
import org.awsdns.plugins.ec2.FakeEc2.Mode;
import org.awsdns.plugins.ec2.FakeEc2.Nic;
import org.awsdns.plugins.ec2.forward.Ec2ForwardConfig;
import org.awsdns.plugins.ec2.forward.Ec2ForwardFactory;
import org.awsdns.plugins.ec2.inventory.CredentialsConfig;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.Ec2InventoryFactory;
import org.awsdns.plugins.ec2.inventory.InventoryConfig;
import org.awsdns.plugins.ec2.reverse.Ec2ReverseConfig;
import org.awsdns.plugins.ec2.reverse.Ec2ReverseFactory;
import org.awsdns.plugins.ec2.txt.TxtExtraConfig;
import org.awsdns.plugins.ec2.txt.TxtExtraFactory;
import org.awsdns.testing.Await;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.Queries;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/** The inventory through the real AWS SDK client, over HTTP to a local EC2 endpoint. */
class AwsInventoryTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private FakeEc2 ec2;
    private TestPluginContext context;

    @BeforeEach
    void start() throws Exception {
        ec2 = new FakeEc2();
        context = TestPluginContext.builder("test").systemClock().build();
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
        ec2.close();
    }

    private InventoryConfig config(Duration refresh, Boolean onMiss, Double missRate, Duration apiTimeout) {
        return new InventoryConfig(null, "us-east-1", CredentialsConfig.keys("AKIDEXAMPLE", "not-a-real-secret", null),
                ec2.endpoint().toString(), null, refresh, onMiss, null, missRate, apiTimeout);
    }

    /** An inventory whose client makes one attempt per call, so failures show at once. */
    private Ec2Inventory inventory(InventoryConfig config) {
        Ec2Inventory inventory = new Ec2InventoryFactory(name -> null,
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).create("prod", config, context);
        context.addResource("prod", inventory);
        return inventory;
    }

    private ChainRunner chain() {
        return ChainRunner.builder()
                .add(new Ec2ForwardFactory(), new Ec2ForwardConfig("prod", null, "demo.internal.", null, null), context)
                .add(new Ec2ReverseFactory(), new Ec2ReverseConfig("prod", null, null, "demo.internal.", null), context)
                .add(new TxtExtraFactory(), new TxtExtraConfig("prod", List.of("tag:Class", "id"), null), context)
                .build();
    }

    private long counter(String purpose, String outcome) {
        return context.metrics().count("ec2_api_calls", "inventory", "prod", "operation", "DescribeInstances",
                "purpose", purpose, "outcome", outcome);
    }

    private static String ip(int i) {
        return "10.0." + (i / 250) + "." + (i % 250 + 1);
    }

    @Test
    void loadsAllPagesOf2500Instances() {
        for (int i = 0; i < 2500; i++) {
            ec2.add(FakeEc2.instance(String.format("i-%08x", i), String.format("host-%04d", i), ip(i)));
        }
        ec2.add(new FakeEc2.Instance("i-stopped", "stopped", "k", "vpc-0abc", null, Map.of("Name", "stopped-one"),
                List.of(new Nic(List.of("10.99.0.1"), List.of()))));

        Ec2Inventory inventory = inventory(config(null, false, null, null));
        Await.until("first load", WAIT, inventory::isReady);
        ChainRunner chain = chain();

        List<Map<String, String>> requests = ec2.requests();
        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(request -> {
            assertThat(request).containsEntry("Action", "DescribeInstances").containsEntry("MaxResults", "1000");
            assertThat(FakeEc2.filters(request)).containsExactly(Map.entry("instance-state-name", List.of("running")));
        });
        assertThat(requests.get(0)).doesNotContainKey("NextToken");
        assertThat(requests.get(1)).containsEntry("NextToken", "1000");
        assertThat(requests.get(2)).containsEntry("NextToken", "2000");
        assertThat(inventory.index().size()).isEqualTo(2500);
        for (int i = 0; i < 2500; i++) {
            String name = String.format("host-%04d.demo.internal.", i);
            assertThat(lines(chain.run(name, Type.A).answer())).containsExactly(name + " 60 IN A " + ip(i));
        }
        assertThat(chain.run("stopped-one.demo.internal.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(counter("refresh", "success")).isEqualTo(3);
        assertThat(context.metrics().gaugeValue("ec2_inventory_instances", "inventory", "prod").doubleValue()).isEqualTo(2500.0);
    }

    @Test
    void keepsAnsweringWhileThrottledAndRecovers() {
        for (int i = 0; i < 20; i++) {
            ec2.add(FakeEc2.instance("i-" + i, "web-" + i, ip(i)));
        }
        Ec2Inventory inventory = inventory(config(Duration.ofMillis(200), false, null, null));
        Await.until("first load", WAIT, inventory::isReady);
        ChainRunner chain = chain();

        ec2.mode(Mode.THROTTLE);
        Await.until("two throttled refreshes", WAIT, () -> counter("refresh", "throttled") >= 2);
        for (int i = 0; i < 20; i++) {
            assertThat(lines(chain.run("web-" + i + ".demo.internal.", Type.A).answer()))
                    .containsExactly("web-" + i + ".demo.internal. 60 IN A " + ip(i));
        }

        ec2.add(FakeEc2.instance("i-late", "late", "10.7.7.7")).mode(Mode.OK);
        Await.until("a refresh after the throttling", WAIT,
                () -> chain.run("late.demo.internal.", Type.A).rcode() == Rcode.NOERROR);
        assertThat(lines(chain.run("late.demo.internal.", Type.A).answer()))
                .containsExactly("late.demo.internal. 60 IN A 10.7.7.7");
        assertThat(counter("refresh", "error")).isZero();
    }

    @Test
    void aRefreshThatFindsNothingNewKeepsTheIndexAndItsEncodedAnswers() {
        for (int i = 0; i < 20; i++) {
            ec2.add(FakeEc2.instance("i-" + i, "web-" + i, ip(i)));
        }
        Ec2Inventory inventory = inventory(config(Duration.ofMillis(200), false, null, null));
        Await.until("first load", WAIT, inventory::isReady);
        ChainRunner chain = chain();
        assertThat(lines(chain.run("web-3.demo.internal.", Type.A).answer()))
                .containsExactly("web-3.demo.internal. 60 IN A " + ip(3));
        var loaded = inventory.index();

        long refreshes = counter("refresh", "success");
        Await.until("two more refreshes", WAIT, () -> counter("refresh", "success") >= refreshes + 2);
        assertThat(inventory.index()).isSameAs(loaded);
        assertThat(lines(chain.run("web-3.demo.internal.", Type.A).answer()))
                .containsExactly("web-3.demo.internal. 60 IN A " + ip(3));

        ec2.add(FakeEc2.instance("i-new", "web-new", "10.7.7.7"));
        Await.until("a refresh with the new instance", WAIT,
                () -> chain.run("web-new.demo.internal.", Type.A).rcode() == Rcode.NOERROR);
        assertThat(inventory.index()).isNotSameAs(loaded);
        assertThat(inventory.index().size()).isEqualTo(21);
        assertThat(lines(chain.run("web-3.demo.internal.", Type.A).answer()))
                .containsExactly("web-3.demo.internal. 60 IN A " + ip(3));
    }

    @Test
    void keepsTheIndexThroughServerErrorsAndTimeouts() {
        ec2.add(FakeEc2.instance("i-1", "web-1", "10.0.0.1"));
        Ec2Inventory inventory = inventory(config(Duration.ofMillis(200), false, null, Duration.ofMillis(300)));
        Await.until("first load", WAIT, inventory::isReady);
        ChainRunner chain = chain();

        ec2.mode(Mode.ERROR_500);
        Await.until("a failed refresh", WAIT, () -> counter("refresh", "error") >= 1);
        assertThat(lines(chain.run("web-1.demo.internal.", Type.A).answer()))
                .containsExactly("web-1.demo.internal. 60 IN A 10.0.0.1");

        long errors = counter("refresh", "error");
        ec2.mode(Mode.OK).delay(1000);
        Await.until("a timed out refresh", WAIT, () -> counter("refresh", "error") > errors);
        assertThat(lines(chain.run("web-1.demo.internal.", Type.A).answer()))
                .containsExactly("web-1.demo.internal. 60 IN A 10.0.0.1");
        assertThat(inventory.isReady()).isTrue();
    }

    @Test
    void isNotReadyUntilTheFirstLoadEnds() {
        ec2.add(FakeEc2.instance("i-1", "web-1", "10.0.0.1")).delay(700);

        Ec2Inventory inventory = inventory(config(null, false, null, null));

        assertThat(inventory.isReady()).isFalse();
        assertThat(inventory.notReadyReason()).contains("loading");
        Await.until("first load", WAIT, inventory::isReady);
        assertThat(inventory.notReadyReason()).isEmpty();
    }

    @Test
    void staysNotReadyWhileTheFirstLoadIsThrottled() {
        ec2.add(FakeEc2.instance("i-1", "web-1", "10.0.0.1")).mode(Mode.THROTTLE);

        Ec2Inventory inventory = inventory(config(Duration.ofMillis(200), false, null, null));

        Await.until("a throttled load", WAIT, () -> counter("refresh", "throttled") >= 1);
        assertThat(inventory.isReady()).isFalse();
        Await.until("reason", WAIT, () -> inventory.notReadyReason().contains("RequestLimitExceeded"));
        ec2.mode(Mode.OK);
        Await.until("ready after throttling", WAIT, inventory::isReady);
    }

    @Test
    void hundredConcurrentQueriesForOneUnknownNameMakeOneCall() throws Exception {
        ec2.add(FakeEc2.instance("i-1", "web-1", "10.0.0.1"));
        Ec2Inventory inventory = inventory(config(null, null, null, null));
        Await.until("first load", WAIT, inventory::isReady);
        ChainRunner chain = chain();
        int before = ec2.calls();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Name", "newcomer");
        tags.put("Class", "test");
        ec2.add(new FakeEc2.Instance("i-new", "running", "k", "vpc-0abc", null, tags,
                List.of(new Nic(List.of("10.9.9.9"), List.of())))).delay(300);

        ExecutorService clients = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Response>> responses = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                responses.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return chain.execute(Queries.query("newcomer.demo.internal.", Type.A)).toCompletableFuture();
                }, clients).thenCompose(stage -> stage));
            }
            go.countDown();
            for (CompletableFuture<Response> response : responses) {
                Response answered = response.get(10, TimeUnit.SECONDS);
                assertThat(lines(answered.answer())).containsExactly("newcomer.demo.internal. 60 IN A 10.9.9.9");
                assertThat(lines(answered.additional())).containsExactly(
                        "newcomer.demo.internal. 60 IN TXT \"tag:Class=test\"",
                        "newcomer.demo.internal. 60 IN TXT \"id=i-new\"");
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(ec2.calls() - before).isEqualTo(1);
        Map<String, String> lookup = ec2.requests().get(before);
        assertThat(FakeEc2.filters(lookup)).containsExactly(
                Map.entry("instance-state-name", List.of("running")),
                Map.entry("tag:Name", List.of("newcomer")));
        assertThat(chain.run("newcomer.demo.internal.", Type.A).answer()).hasSize(1);
        assertThat(ec2.calls() - before).as("found instances stay in the overlay").isEqualTo(1);
        assertThat(counter("miss", "success")).isEqualTo(1);
    }

    @Test
    void remembersMissesAndHoldsLookupsUnderTheRate() {
        ec2.add(FakeEc2.instance("i-1", "web-1", "10.0.0.1"));
        Ec2Inventory inventory = inventory(config(null, null, 2.0, null));
        Await.until("first load", WAIT, inventory::isReady);
        ChainRunner chain = chain();
        int before = ec2.calls();

        for (int i = 0; i < 30; i++) {
            assertThat(chain.run("random-" + i + ".demo.internal.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        }
        int made = ec2.calls() - before;
        assertThat(made).isBetween(2, 6);
        assertThat(context.metrics().count("ec2_miss_rate_limited", "inventory", "prod")).isEqualTo(30 - made);
        assertThat(context.metrics().count("ec2_miss_lookups", "inventory", "prod")).isEqualTo(made);

        int afterFlood = ec2.calls();
        assertThat(chain.run("random-0.demo.internal.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ec2.calls()).as("a miss is remembered").isEqualTo(afterFlood);
        assertThat(chain.run("Not_A_Name.demo.internal.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ec2.calls()).as("a name normalisation cannot make is never looked up").isEqualTo(afterFlood);
    }

    @Test
    void findsUnknownNameWhoseTagHasSpaces() {
        ec2.add(FakeEc2.instance("i-1", "web-1", "10.0.0.1"));
        Ec2Inventory inventory = inventory(config(null, null, null, null));
        Await.until("first load", WAIT, inventory::isReady);
        ChainRunner chain = chain();
        ec2.add(FakeEc2.instance("i-2", "build server", "10.0.0.2"));

        assertThat(lines(chain.run("build-server.demo.internal.", Type.A).answer()))
                .containsExactly("build-server.demo.internal. 60 IN A 10.0.0.2");
    }

    @Test
    void looksUpUnknownSecondaryAndIpv6AddressesForPtr() throws Exception {
        ec2.add(FakeEc2.instance("i-1", "web-1", "10.0.0.1"));
        Ec2Inventory inventory = inventory(config(null, null, null, null));
        Await.until("first load", WAIT, inventory::isReady);
        ChainRunner chain = chain();
        int before = ec2.calls();
        ec2.add(new FakeEc2.Instance("i-db", "running", "k", "vpc-0abc", null, Map.of("Name", "db-1"), List.of(
                new Nic(List.of("10.0.5.10"), List.of()),
                new Nic(List.of("10.0.6.20", "10.0.6.21"), List.of("2600:1f18:2d0:7a00::21")))));

        assertThat(lines(chain.run("21.6.0.10.in-addr.arpa.", Type.PTR).answer()))
                .containsExactly("21.6.0.10.in-addr.arpa. 60 IN PTR db-1.demo.internal.");
        assertThat(FakeEc2.filters(ec2.requests().get(before))).containsEntry(
                "network-interface.addresses.private-ip-address", List.of("10.0.6.21"));
        String ipv6 = ReverseMap.fromAddress(InetAddress.getByName("2600:1f18:2d0:7a00::21")).toString();
        assertThat(lines(chain.run(ipv6, Type.PTR).answer())).containsExactly(ipv6 + " 60 IN PTR db-1.demo.internal.");
        assertThat(ec2.calls() - before).as("the second address was in the overlay already").isEqualTo(1);
        assertThat(lines(chain.run("20.6.0.10.in-addr.arpa.", Type.PTR).answer()))
                .containsExactly("20.6.0.10.in-addr.arpa. 60 IN PTR db-1.demo.internal.");
        assertThat(chain.run("db-1.demo.internal.", Type.AAAA).answer()).hasSize(1);
    }

    @Test
    void usesTheEndpointFromTheEnvironment() {
        ec2.add(FakeEc2.instance("i-1", "web-1", "10.0.0.1"));
        InventoryConfig config = new InventoryConfig(null, "us-east-1",
                CredentialsConfig.keys("AKIDEXAMPLE", "not-a-real-secret", "token"), null, null, null, false, null,
                null, null);
        Ec2Inventory inventory = new Ec2InventoryFactory(
                name -> name.equals("AWS_ENDPOINT_URL_EC2") ? ec2.endpoint().toString() : null,
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).create("prod", config, context);
        context.addResource("prod", inventory);

        Await.until("first load", WAIT, inventory::isReady);
        assertThat(inventory.index().size()).isEqualTo(1);
    }
}
