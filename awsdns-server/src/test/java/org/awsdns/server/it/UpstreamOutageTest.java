package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awsdns.plugins.ec2.FakeEc2;
import org.awsdns.plugins.ec2.inventory.DnsNames;
import org.awsdns.plugins.testing.unbound.Unbound;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.testing.TestServer;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Issue 9, item 4: in the ancestor's order (forward with {@code fallthrough: [NXDOMAIN]}, then the
 * EC2 plugins), killing the upstream must not take the EC2 names with it. Every name of the
 * inventory answers over UDP through the real server; forwarded names get SERVFAIL (not NXDOMAIN)
 * within the forward plugin's deadline.
 */
class UpstreamOutageTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("awsdns.root"), "examples");
    /** The forward plugin's default deadline, plus room for a loaded machine. */
    private static final long FORWARD_DEADLINE_MILLIS = 5_000 + 2_000;

    @TempDir
    Path work;

    @Test
    void theAncestorChainKeepsAnsweringEveryEc2NameWithTheUpstreamKilled() throws Exception {
        try (Unbound upstream = Unbound.start(Files.createDirectory(work.resolve("unbound")));
                AwsdnsServer server = AwsdnsServer.builder()
                        .configFile(EXAMPLES.resolve("ancestor-chain.yaml"))
                        .listen("127.0.0.1:0")
                        .set("inventories.vpc={file: demo-instances.json}",
                                "servers[0].plugins.forward.to=[\"" + upstream.hostPort() + "\"]",
                                "servers[0].plugins.acl[1].allow.net=[127.0.0.1/32]")
                        .start()) {
            TestServer.awaitReady(server, Duration.ofSeconds(15));
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            assertThat(client.udp(Queries.message("www.up.example.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);

            upstream.close();
            assertThat(upstream.isAlive()).isFalse();

            assertEveryNameAnswers(client, demoInventoryNames(), demoInventoryAddresses());
            assertForwardedNamesServfailInTime(client);
        }
    }

    @Test
    void theConvertedAwsdnsIniKeepsAnsweringEc2NamesWithTheUpstreamKilled() throws Exception {
        Path ini = Files.writeString(work.resolve("awsdns.ini"), """
                [awsdns]
                dns_server = 10.0.0.2
                aws_access_key_id = AKIAIOSFODNN7EXAMPLE
                aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                aws_region = us-east-1
                forward = tag:Name
                reverse = private_ip_address
                extra =
                    tag:Class
                    id
                """);
        try (FakeEc2 ec2 = new FakeEc2();
                Unbound upstream = Unbound.start(Files.createDirectory(work.resolve("unbound")))) {
            List<String> names = List.of("bootstrapper-test", "web-1", "db-1");
            List<String> addresses = List.of("172.31.31.48", "172.31.40.11", "172.31.50.10");
            for (int i = 0; i < names.size(); i++) {
                ec2.add(new FakeEc2.Instance("i-0000000" + i, "running", "key", "vpc-0abc", null,
                        Map.of("Name", names.get(i), "Class", "test"),
                        List.of(new FakeEc2.Nic(List.of(addresses.get(i)), List.of()))));
            }
            try (AwsdnsServer server = AwsdnsServer.builder().configFile(ini)
                    .listen("127.0.0.1:0")
                    .set("inventories.ec2.endpoint=" + ec2.endpoint(),
                            "servers[0].plugins.forward.to=[\"" + upstream.hostPort() + "\"]")
                    .start()) {
                TestServer.awaitReady(server, Duration.ofSeconds(15));
                DnsClient client = DnsClient.to(server.boundAddresses().get(0));
                assertThat(client.udp(Queries.message("www.up.example.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);

                upstream.close();

                assertEveryNameAnswers(client, names, addresses);
                assertForwardedNamesServfailInTime(client);
            }
        }
    }

    private static void assertEveryNameAnswers(DnsClient client, List<String> names, List<String> addresses)
            throws Exception {
        List<String> failed = new ArrayList<>();
        for (String name : names) {
            Message reply = client.udp(Queries.message(name + ".", Type.A));
            if (reply.getRcode() != Rcode.NOERROR || reply.getSection(Section.ANSWER).isEmpty()) {
                failed.add(name + " A: " + Rcode.string(reply.getRcode()));
            }
        }
        for (String address : addresses) {
            String[] octets = address.split("\\.");
            String reverse = octets[3] + "." + octets[2] + "." + octets[1] + "." + octets[0] + ".in-addr.arpa.";
            Message reply = client.udp(Queries.message(reverse, Type.PTR));
            if (reply.getRcode() != Rcode.NOERROR || reply.getSection(Section.ANSWER).isEmpty()) {
                failed.add(reverse + " PTR: " + Rcode.string(reply.getRcode()));
            }
        }
        assertThat(failed).as("EC2 names that did not answer with the upstream down").isEmpty();
    }

    private static void assertForwardedNamesServfailInTime(DnsClient client) throws Exception {
        for (String name : List.of("mail.up.example.", "other.up.example.", "no-such-instance.")) {
            long start = System.nanoTime();
            Message reply = client.udp(Queries.message(name, Type.A));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(reply.getRcode()).as(name).isEqualTo(Rcode.SERVFAIL); // never queried before: nothing cached
            assertThat(millis).as(name).isLessThan(FORWARD_DEADLINE_MILLIS);
        }
    }

    /** The names of the running instances of {@code examples/demo-instances.json}, as the inventory makes them. */
    private static List<String> demoInventoryNames() throws Exception {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode instance : runningDemoInstances()) {
            for (JsonNode tag : instance.path("Tags")) {
                if (tag.path("Key").asText().equals("Name")) {
                    names.add(DnsNames.normalize(tag.path("Value").asText()));
                }
            }
        }
        assertThat(names).hasSizeGreaterThan(3);
        return List.copyOf(names);
    }

    private static List<String> demoInventoryAddresses() throws Exception {
        List<String> addresses = new ArrayList<>();
        for (JsonNode instance : runningDemoInstances()) {
            addresses.add(instance.path("PrivateIpAddress").asText());
        }
        return addresses;
    }

    private static List<JsonNode> runningDemoInstances() throws Exception {
        JsonNode root = new ObjectMapper().readTree(EXAMPLES.resolve("demo-instances.json").toFile());
        List<JsonNode> running = new ArrayList<>();
        for (JsonNode reservation : root.path("Reservations")) {
            for (JsonNode instance : reservation.path("Instances")) {
                if (instance.path("State").path("Name").asText().equals("running")) {
                    running.add(instance);
                }
            }
        }
        return running;
    }
}
