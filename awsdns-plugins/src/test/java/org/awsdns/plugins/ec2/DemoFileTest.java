package org.awsdns.plugins.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.testing.Records.lines;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awsdns.core.Response;
import org.awsdns.plugins.ec2.forward.Ec2ForwardConfig;
import org.awsdns.plugins.ec2.forward.Ec2ForwardFactory;
import org.awsdns.plugins.ec2.inventory.Ec2Inventory;
import org.awsdns.plugins.ec2.inventory.Ec2InventoryFactory;
import org.awsdns.plugins.ec2.inventory.InventoryConfig;
import org.awsdns.plugins.ec2.reverse.Ec2ReverseConfig;
import org.awsdns.plugins.ec2.reverse.Ec2ReverseFactory;
import org.awsdns.plugins.ec2.txt.TxtExtraConfig;
import org.awsdns.plugins.ec2.txt.TxtExtraFactory;
import org.awsdns.testing.Await;
import org.awsdns.testing.ChainRunner;
import org.awsdns.testing.RecordingMetrics;
import org.awsdns.testing.TestPluginContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.Type;

/** The README demo's inventory, examples/demo-instances.json, through the three plugins. */
class DemoFileTest {
    private static TestPluginContext context;
    private static Ec2Inventory inventory;
    private static ChainRunner chain;
    private static ChainRunner bare;

    @BeforeAll
    static void start() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(root.resolve("examples/demo-instances.json")).exists();
        context = TestPluginContext.builder("test").systemClock().baseDirectory(root).build();
        inventory = new Ec2InventoryFactory().create("demo", InventoryConfig.ofFile("examples/demo-instances.json"),
                context);
        context.addResource("demo", inventory);
        Await.until("demo inventory ready", Duration.ofSeconds(10), inventory::isReady);
        chain = ChainRunner.builder()
                .add("ec2-forward", new Ec2ForwardFactory().create(
                        new Ec2ForwardConfig("demo", null, "demo.internal.", null, null), context))
                .add("ec2-reverse", new Ec2ReverseFactory().create(
                        new Ec2ReverseConfig("demo", null, null, "demo.internal.", null), context))
                .add("txt-extra", new TxtExtraFactory().create(
                        new TxtExtraConfig("demo", List.of("tag:Class", "id", "key_name"), null), context))
                .build();
        bare = ChainRunner.builder()
                .add("ec2-forward", new Ec2ForwardFactory().create(
                        new Ec2ForwardConfig("demo", "tag:Name", ".", 30L, "private"), context))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
    }

    @Test
    void answersBootstrapperTestWithTxtInAdditional() {
        Response response = chain.run("bootstrapper-test.demo.internal.", Type.A);

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.authoritative()).isTrue();
        assertThat(lines(response.answer())).containsExactly("bootstrapper-test.demo.internal. 60 IN A 172.31.31.48");
        assertThat(lines(response.additional())).containsExactly(
                "bootstrapper-test.demo.internal. 60 IN TXT \"tag:Class=test\"",
                "bootstrapper-test.demo.internal. 60 IN TXT \"id=i-d20eee82\"",
                "bootstrapper-test.demo.internal. 60 IN TXT \"key_name=bootstrapper\"");
        assertThat(response.authority()).isEmpty();
    }

    @Test
    void answersEveryInstanceSharingAName() {
        Response response = chain.run("web.demo.internal.", Type.A);

        assertThat(lines(response.answer())).containsExactly(
                "web.demo.internal. 60 IN A 172.31.40.11",
                "web.demo.internal. 60 IN A 172.31.40.12");
        assertThat(lines(response.additional())).containsExactly(
                "web.demo.internal. 60 IN TXT \"tag:Class=web\" \"id=i-0a1b2c3d4e5f60011\" \"key_name=demo-key\"",
                "web.demo.internal. 60 IN TXT \"tag:Class=web\" \"id=i-0a1b2c3d4e5f60012\" \"key_name=demo-key\"");
    }

    @Test
    void answersAaaaWithNodataForKnownNameWithoutIpv6() {
        Response response = chain.run("bootstrapper-test.demo.internal.", Type.AAAA);

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).isEmpty();
        assertThat(response.additional()).isEmpty();
    }

    @Test
    void answersNodataAgainOnceTheNameWasAskedAndForNamesSharedByInstances() {
        // the second query of each finds the entry's remembered "no AAAA records", not a fresh list
        for (String name : List.of("bootstrapper-test.demo.internal.", "web.demo.internal.")) {
            for (int i = 0; i < 2; i++) {
                Response response = chain.run(name, Type.AAAA);
                assertThat(response.rcode()).as(name).isEqualTo(Rcode.NOERROR);
                assertThat(response.answer()).as(name).isEmpty();
            }
            assertThat(chain.run(name, Type.A).answer()).as(name).isNotEmpty();
        }
        assertThat(lines(chain.run("web.demo.internal.", Type.A).answer())).hasSize(2);
    }

    @Test
    void answersAaaaForInstanceWithIpv6() {
        Response response = chain.run("api-1.demo.internal.", Type.AAAA);

        assertThat(lines(response.answer())).containsExactly("api-1.demo.internal. 60 IN AAAA 2600:1f18:2d0:7a00:0:0:0:12" /* dnsjava prints IPv6 uncompressed */);
    }

    @Test
    void answersNormalisedNameOfTagWithSpacesAndCapitals() {
        Response response = chain.run("Build-Server-01.DEMO.internal.", Type.A);

        assertThat(lines(response.answer())).containsExactly("build-server-01.demo.internal. 60 IN A 172.31.90.7");
    }

    @Test
    void leavesStoppedAndUnknownInstancesToTheRestOfTheChain() {
        assertThat(chain.run("old-batch.demo.internal.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(chain.run("nothere.demo.internal.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(chain.run("bootstrapper-test.other.internal.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void answersDirectTxtQuery() {
        Response response = chain.run("bootstrapper-test.demo.internal.", Type.TXT);

        assertThat(lines(response.answer())).containsExactly(
                "bootstrapper-test.demo.internal. 60 IN TXT \"tag:Class=test\"",
                "bootstrapper-test.demo.internal. 60 IN TXT \"id=i-d20eee82\"",
                "bootstrapper-test.demo.internal. 60 IN TXT \"key_name=bootstrapper\"");
        assertThat(response.additional()).isEmpty();
    }

    @Test
    void answersPtrForPrimarySecondaryAndIpv6Addresses() throws Exception {
        Response primary = chain.run("48.31.31.172.in-addr.arpa.", Type.PTR);
        assertThat(lines(primary.answer()))
                .containsExactly("48.31.31.172.in-addr.arpa. 60 IN PTR bootstrapper-test.demo.internal.");
        assertThat(lines(primary.additional())).containsExactly(
                "48.31.31.172.in-addr.arpa. 60 IN TXT \"tag:Class=test\"",
                "48.31.31.172.in-addr.arpa. 60 IN TXT \"id=i-d20eee82\"",
                "48.31.31.172.in-addr.arpa. 60 IN TXT \"key_name=bootstrapper\"");

        assertThat(lines(chain.run("21.60.31.172.in-addr.arpa.", Type.PTR).answer()))
                .containsExactly("21.60.31.172.in-addr.arpa. 60 IN PTR db-1.demo.internal.");
        assertThat(lines(chain.run("20.60.31.172.in-addr.arpa.", Type.PTR).answer()))
                .containsExactly("20.60.31.172.in-addr.arpa. 60 IN PTR db-1.demo.internal.");

        String ipv6 = ReverseMap.fromAddress(InetAddress.getByName("2600:1f18:2d0:7a00::12")).toString();
        assertThat(lines(chain.run(ipv6, Type.PTR).answer()))
                .containsExactly(ipv6 + " 60 IN PTR api-1.demo.internal.");
        assertThat(lines(chain.run(ipv6.toUpperCase(), Type.PTR).answer())).hasSize(1);
    }

    @Test
    void passesBadReverseNames() {
        for (String name : List.of("048.31.31.172.in-addr.arpa.", "31.31.172.in-addr.arpa.",
                "1.48.31.31.172.in-addr.arpa.", "x.31.31.172.in-addr.arpa.", "in-addr.arpa.", "2.1.ip6.arpa.")) {
            Response response = chain.run(name, Type.PTR);
            assertThat(response.rcode()).as(name).isEqualTo(Rcode.NXDOMAIN);
            assertThat(response.answer()).as(name).isEmpty();
        }
    }

    @Test
    void answersPtrNameWithOtherTypeAsNodata() {
        Response response = chain.run("48.31.31.172.in-addr.arpa.", Type.A);

        assertThat(response.rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(response.answer()).isEmpty();
    }

    @Test
    void answersBareNamesWhenZoneIsRoot() {
        Response response = bare.run("bootstrapper-test.", Type.A);

        assertThat(lines(response.answer())).containsExactly("bootstrapper-test. 30 IN A 172.31.31.48");
        assertThat(bare.run("bootstrapper-test.demo.internal.", Type.A).rcode()).isEqualTo(Rcode.NXDOMAIN);
    }

    @Test
    void reportsInventoryMetrics() {
        RecordingMetrics metrics = context.metrics();
        assertThat(metrics.gaugeValue("ec2_inventory_instances", "inventory", "demo").doubleValue()).isEqualTo(6.0);
        assertThat(metrics.gaugeValue("ec2_inventory_age_seconds", "inventory", "demo").doubleValue()).isBetween(0.0, 60.0);
        assertThat(metrics.gaugeValue("ec2_names_skipped", "inventory", "demo").doubleValue()).isEqualTo(0.0);
    }

    @Test
    void rereadsTheFileWhenItChanges(@org.junit.jupiter.api.io.TempDir Path directory) throws Exception {
        Path file = directory.resolve("instances.json");
        Files.writeString(file, oneInstance("i-00000001", "changing", "10.1.0.1"));
        try (TestPluginContext own = TestPluginContext.builder("test").systemClock().baseDirectory(directory).build()) {
            InventoryConfig config = new InventoryConfig("instances.json", null, null, null, null,
                    Duration.ofMillis(100), null, null, null, null);
            Ec2Inventory changing = new Ec2InventoryFactory().create("changing", config, own);
            own.addResource("changing", changing);
            Await.until("ready", Duration.ofSeconds(10), changing::isReady);
            ChainRunner pipeline = ChainRunner.builder()
                    .add("ec2-forward", new Ec2ForwardFactory().create(
                            new Ec2ForwardConfig("changing", null, "demo.internal", null, null), own))
                    .build();
            assertThat(lines(pipeline.run("changing.demo.internal.", Type.A).answer()))
                    .containsExactly("changing.demo.internal. 60 IN A 10.1.0.1");

            Files.writeString(file, oneInstance("i-00000001", "changing", "10.1.0.222"));

            Await.until("the new address", Duration.ofSeconds(10), () -> lines(pipeline.run("changing.demo.internal.", Type.A).answer())
                    .equals(List.of("changing.demo.internal. 60 IN A 10.1.0.222")));

            Files.writeString(file, "{ not json");
            Thread.sleep(400);
            assertThat(lines(pipeline.run("changing.demo.internal.", Type.A).answer()))
                    .as("a broken file keeps the last good index")
                    .containsExactly("changing.demo.internal. 60 IN A 10.1.0.222");
        }
    }

    static String oneInstance(String id, String name, String ip) {
        return """
                {"Reservations": [{"Instances": [{
                  "InstanceId": "%s", "State": {"Code": 16, "Name": "running"},
                  "PrivateIpAddress": "%s",
                  "Tags": [{"Key": "Name", "Value": "%s"}]
                }]}]}
                """.formatted(id, ip, name);
    }
}
