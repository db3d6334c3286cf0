package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The real server, started in-process from a YAML string, asked over UDP and TCP on loopback. */
class ServerFromYamlTest {
    private static final String DEMO = """
            servers:
              - listen: ["127.0.0.1:0"]
                zones: ["demo.internal.", "in-addr.arpa."]
                plugins:
                  - log
                  - hosts:
                      ttl: 60
                      entries:
                        - "172.31.31.48 bootstrapper-test.demo.internal"
                        - "172.31.40.11 web.demo.internal"
                        - "172.31.40.12 web.demo.internal"
            """;

    @Test
    void answersSectionBySectionOverUdpAndTcp() throws Exception {
        try (AwsdnsServer server = AwsdnsServer.fromYaml(DEMO)) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            Message query = Queries.message("web.demo.internal.", Type.A);

            for (Message reply : List.of(client.udp(query), client.tcp(query))) {
                assertThat(reply.getHeader().getID()).isEqualTo(query.getHeader().getID());
                assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
                assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
                assertThat(reply.getQuestion()).isEqualTo(query.getQuestion());
                assertThat(reply.getSection(Section.ANSWER)).containsExactlyInAnyOrder(
                        a("web.demo.internal.", "172.31.40.11", 60), a("web.demo.internal.", "172.31.40.12", 60));
                assertThat(reply.getSection(Section.AUTHORITY)).isEmpty();
                assertThat(reply.getSection(Section.ADDITIONAL)).isEmpty();
            }
        }
    }

    @Test
    void answersPtrNodataNxdomainAndRefused() throws Exception {
        try (AwsdnsServer server = AwsdnsServer.fromYaml(DEMO)) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));

            Message ptr = client.udp(Queries.message("48.31.31.172.in-addr.arpa.", Type.PTR));
            assertThat(ptr.getSection(Section.ANSWER)).containsExactly(new PTRRecord(
                    Name.fromString("48.31.31.172.in-addr.arpa."), DClass.IN, 60, Name.fromString("bootstrapper-test.demo.internal.")));

            Message nodata = client.udp(Queries.message("bootstrapper-test.demo.internal.", Type.AAAA));
            assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(nodata.getSection(Section.ANSWER)).isEmpty();

            Message nxdomain = client.udp(Queries.message("missing.demo.internal.", Type.A));
            assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(nxdomain.getSection(Section.ANSWER)).isEmpty();

            Message refused = client.udp(Queries.message("example.com.", Type.A));
            assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
            assertThat(refused.getSection(Section.ANSWER)).isEmpty();
        }
    }

    @Test
    void truncatesALargeAnswerOverUdpAndGivesItWholeOverTcp() throws Exception {
        StringBuilder yaml = new StringBuilder("""
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - hosts:
                          entries:
                """);
        List<Record> expected = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            yaml.append("              - \"10.1.0.").append(i).append(" big.test\"\n");
            expected.add(a("big.test.", "10.1.0." + i, 3600));
        }
        try (AwsdnsServer server = AwsdnsServer.fromYaml(yaml.toString())) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));

            Message udp = client.udp(Queries.message("big.test.", Type.A));
            Message udpEdns = client.udp(Queries.builder("big.test.", Type.A).edns(1232).message());
            Message tcp = client.tcp(Queries.message("big.test.", Type.A));

            assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
            assertThat(udp.toWire().length).isLessThanOrEqualTo(512);
            assertThat(udpEdns.getHeader().getFlag(Flags.TC)).isTrue();
            assertThat(udpEdns.toWire().length).isLessThanOrEqualTo(1232);
            assertThat(udpEdns.getOPT()).isNotNull();
            assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(tcp.getSection(Section.ANSWER)).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void givesEachClientSubnetItsOwnChainOnOneAddress() throws Exception {
        String yaml = """
                servers:
                  - listen: ["127.0.0.1:0"]
                    clients: ["127.0.0.2/32"]
                    plugins:
                      - hosts: {entries: ["10.2.0.2 who.test"]}
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - hosts: {entries: ["10.2.0.1 who.test"]}
                """;
        // both blocks share one listener: --listen gives them the same ephemeral address
        try (AwsdnsServer server = AwsdnsServer.builder().yaml(yaml).listen("127.0.0.1:0").start()) {
            InetSocketAddress address = server.boundAddresses().get(0);

            Message fromVpcB = DnsClient.to(address).from("127.0.0.2").udp(Queries.message("who.test.", Type.A));
            Message fromOthers = DnsClient.to(address).from("127.0.0.1").udp(Queries.message("who.test.", Type.A));

            assertThat(fromVpcB.getSection(Section.ANSWER)).containsExactly(a("who.test.", "10.2.0.2", 3600));
            assertThat(fromOthers.getSection(Section.ANSWER)).containsExactly(a("who.test.", "10.2.0.1", 3600));
        }
    }

    @Test
    void setAndListenOverridesReachTheRunningServer() throws Exception {
        String yaml = """
                servers:
                  - listen: ["127.0.0.1:1"]
                    zones: ["demo.internal."]
                    plugins:
                      - hosts: {entries: ["10.3.0.1 a.demo.internal", "fd00::1 a.demo.internal"]}
                """;
        try (AwsdnsServer server = AwsdnsServer.builder().yaml(yaml)
                .listen("127.0.0.1:0")
                .set("servers[0].plugins.hosts.ttl=42", "servers[0].zones=[demo.internal., other.test.]")
                .start()) {
            InetSocketAddress address = server.boundAddresses().get(0);
            DnsClient client = DnsClient.to(address);

            assertThat(address.getPort()).isNotEqualTo(1);
            assertThat(client.udp(Queries.message("a.demo.internal.", Type.AAAA)).getSection(Section.ANSWER))
                    .containsExactly(new AAAARecord(Name.fromString("a.demo.internal."), DClass.IN, 42, InetAddress.getByName("fd00::1")));
            assertThat(client.udp(Queries.message("b.other.test.", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }
    }

    @Test
    void takesTtlsAsDurationsAndDurationsAsSeconds() throws Exception {
        String yaml = """
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - cache: {max_ttl: 1h, min_ttl: 1m, serve_stale: 3600}
                      - hosts: {ttl: 5m, reload: 30, entries: ["10.4.0.1 units.test"]}
                """;
        try (AwsdnsServer server = AwsdnsServer.fromYaml(yaml)) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));

            assertThat(client.udp(Queries.message("units.test.", Type.A)).getSection(Section.ANSWER))
                    .containsExactly(a("units.test.", "10.4.0.1", 300));
        }
    }

    @Test
    void keepsAnsweringAfterMalformedPackets() throws Exception {
        try (AwsdnsServer server = AwsdnsServer.fromYaml(DEMO)) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            byte[] noQuestion = Queries.message("web.demo.internal.", Type.A).toWire();
            noQuestion[5] = 0; // QDCOUNT = 0

            Message formerr = new Message(client.udp(noQuestion));

            assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
            assertThat(client.udp(Queries.message("web.demo.internal.", Type.A)).getSection(Section.ANSWER)).hasSize(2);
        }
    }

    static ARecord a(String name, String address, long ttl) throws Exception {
        return new ARecord(Name.fromString(name), DClass.IN, ttl, InetAddress.getByName(address));
    }
}
