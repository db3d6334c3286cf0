package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.awsdns.plugins.testing.unbound.Unbound;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The header flags table of {@code docs/configuration.md} ("Header flags"), checked row by row:
 * a query of each kind of answer goes over UDP to a running server whose blocks use every
 * bundled plugin, with a real unbound (authoritative for {@code up.example}, so it sets AA) as
 * the upstream, and the reply's AA and RA must be what the table says.
 */
class HeaderFlagsTest {
    private static final Path ROOT = Path.of(System.getProperty("awsdns.root"));
    private static final String FORWARDS = "when the block forwards";

    @TempDir
    static Path work;

    private static Unbound upstream;
    private static DatagramSocket silentUpstream;
    private static AwsdnsServer server;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        upstream = Unbound.start(work);
        silentUpstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int closedPort;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            closedPort = probe.getLocalPort();
        }
        String inventory = ROOT.resolve("examples/demo-instances.json").toString();
        String clients = "clients: [127.0.0.1/32, 127.0.0.2/32]";
        server = AwsdnsServer.fromYaml("""
                transport: {query_timeout: 2s}
                inventories:
                  vpc: {file: "%s"}
                servers:
                  # forwards: the ancestor's chain, with every plugin
                  - listen: ["127.0.0.1:0"]
                    zones: ["."]
                    %s
                    plugins:
                      - log
                      - acl:
                          - block: {net: [127.0.0.2/32]}
                      - any
                      - cache
                      - forward: {to: ["%s"], fallthrough: [NXDOMAIN]}
                      - hosts: {entries: ["10.9.0.1 gateway.hosts.test"]}
                      - ec2-forward: {inventory: vpc, key: "tag:Name", zone: ., ttl: 60}
                      - ec2-reverse: {inventory: vpc, key: private_ip_address, name: "tag:Name", zone: ., ttl: 60}
                      - txt-extra: {inventory: vpc, extra: ["tag:Class", id]}
                      - soa: {zone: ., mname: ns.awsdns.internal., rname: hostmaster.awsdns.internal., minimum: 60}
                  # does not forward: authoritative data only
                  - listen: ["127.0.0.1:0"]
                    zones: [auth.internal., noauth.internal.]
                    %s
                    plugins:
                      - hosts: {entries: ["10.9.0.2 gateway.auth.internal"]}
                      - ec2-forward: {inventory: vpc, key: "tag:Name", zone: auth.internal., ttl: 60}
                      - txt-extra: {inventory: vpc, extra: ["tag:Class", id]}
                      - soa: {zone: auth.internal., mname: ns.auth.internal., rname: hostmaster.auth.internal.}
                  # forwards only, no fall-through: the upstream's answers relayed as they are
                  - listen: ["127.0.0.1:0"]
                    zones: [up.example.]
                    %s
                    plugins:
                      - cache
                      - forward: {to: ["%s"]}
                  # an upstream that refuses every packet
                  - listen: ["127.0.0.1:0"]
                    zones: [down.test.]
                    %s
                    plugins:
                      - forward: {to: ["127.0.0.1:%d"]}
                  # an upstream that never answers: the query timeout fires first
                  - listen: ["127.0.0.1:0"]
                    zones: [slow.test.]
                    %s
                    plugins:
                      - forward: {to: ["127.0.0.1:%d"], timeout: 5s, deadline: 10s}
                """.formatted(inventory, clients, upstream.hostPort(), clients, clients, upstream.hostPort(),
                clients, closedPort, clients, silentUpstream.getLocalPort()));
        address = server.boundAddresses().get(0);
        Await.until("the resources' first load", Duration.ofSeconds(10), () -> server.notReady().isEmpty());
        assertThat(server.notReady()).isEmpty();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (silentUpstream != null) {
            silentUpstream.close();
        }
    }

    /** One query, the table row it belongs to, and the block it reaches. */
    private record Case(String row, String name, int type, String client, int rcode, boolean blockForwards) {}

    private static final List<Case> CASES = List.of(
            new Case("A or AAAA of an instance name", "bootstrapper-test.", Type.A, "127.0.0.1", Rcode.NOERROR, true),
            new Case("A or AAAA of an instance name", "bootstrapper-test.auth.internal.", Type.A, "127.0.0.1", Rcode.NOERROR, false),
            new Case("NODATA for an instance or hosts name asked for a type it lacks", "bootstrapper-test.", Type.AAAA, "127.0.0.1", Rcode.NOERROR, true),
            new Case("NODATA for an instance or hosts name asked for a type it lacks", "gateway.hosts.test.", Type.AAAA, "127.0.0.1", Rcode.NOERROR, true),
            new Case("NODATA for an instance or hosts name asked for a type it lacks", "gateway.auth.internal.", Type.MX, "127.0.0.1", Rcode.NOERROR, false),
            new Case("PTR of an instance's private address", "48.31.31.172.in-addr.arpa.", Type.PTR, "127.0.0.1", Rcode.NOERROR, true),
            new Case("TXT of an instance, asked for directly", "bootstrapper-test.", Type.TXT, "127.0.0.1", Rcode.NOERROR, true),
            new Case("TXT of an instance, asked for directly", "bootstrapper-test.auth.internal.", Type.TXT, "127.0.0.1", Rcode.NOERROR, false),
            new Case("address or PTR from hosts entries", "gateway.hosts.test.", Type.A, "127.0.0.1", Rcode.NOERROR, true),
            new Case("address or PTR from hosts entries", "gateway.auth.internal.", Type.A, "127.0.0.1", Rcode.NOERROR, false),
            new Case("SOA or NS at the apex of an soa zone", "auth.internal.", Type.SOA, "127.0.0.1", Rcode.NOERROR, false),
            new Case("SOA or NS at the apex of an soa zone", "auth.internal.", Type.NS, "127.0.0.1", Rcode.NOERROR, false),
            new Case("NXDOMAIN for a name in an soa zone that no plugin knows", "no-such-instance.", Type.A, "127.0.0.1", Rcode.NXDOMAIN, true),
            new Case("NXDOMAIN for a name in an soa zone that no plugin knows", "nobody.auth.internal.", Type.A, "127.0.0.1", Rcode.NXDOMAIN, false),
            new Case("NXDOMAIN for a name in no soa zone", "nobody.noauth.internal.", Type.A, "127.0.0.1", Rcode.NXDOMAIN, false),
            new Case("answer relayed from the upstream: records, NXDOMAIN or NODATA", "www2.up.example.", Type.A, "127.0.0.1", Rcode.NOERROR, true),
            new Case("answer relayed from the upstream: records, NXDOMAIN or NODATA", "nothing.up.example.", Type.A, "127.0.0.1", Rcode.NXDOMAIN, true),
            new Case("answer relayed from the upstream: records, NXDOMAIN or NODATA", "www.up.example.", Type.AAAA, "127.0.0.1", Rcode.NOERROR, true),
            new Case("SERVFAIL: every upstream failed", "x.down.test.", Type.A, "127.0.0.1", Rcode.SERVFAIL, true),
            new Case("ANY, the short answer of RFC 8482", "bootstrapper-test.", Type.ANY, "127.0.0.1", Rcode.NOERROR, true),
            new Case("REFUSED by a `block` rule", "bootstrapper-test.", Type.A, "127.0.0.2", Rcode.REFUSED, true),
            new Case("SERVFAIL: a plugin failed or the chain passed the query timeout", "x.slow.test.", Type.A, "127.0.0.1", Rcode.SERVFAIL, true),
            new Case("REFUSED: no block takes the query", "bootstrapper-test.", Type.A, "127.0.0.3", Rcode.REFUSED, false));

    @Test
    void everyKindOfAnswerCarriesTheFlagsTheTableSays() throws Exception {
        Map<String, Row> table = table();
        SoftAssertions softly = new SoftAssertions();
        for (Case test : CASES) {
            Row row = table.get(test.row());
            assertThat(row).as("docs/configuration.md has a row '%s'", test.row()).isNotNull();
            Message reply = ask(test.name(), test.type(), test.client());
            String what = test.name() + " " + Type.string(test.type()) + " from " + test.client() + " (" + test.row() + ")";
            softly.assertThat(Rcode.string(reply.getRcode())).as(what + ": rcode").isEqualTo(Rcode.string(test.rcode()));
            softly.assertThat(reply.getHeader().getFlag(Flags.AA)).as(what + ": AA").isEqualTo(row.aa().equals("yes"));
            softly.assertThat(reply.getHeader().getFlag(Flags.RA)).as(what + ": RA").isEqualTo(
                    row.ra().equals(FORWARDS) ? test.blockForwards() : row.ra().equals("yes"));
            softly.assertThat(reply.getHeader().getFlag(Flags.QR)).as(what + ": QR").isTrue();
            softly.assertThat(reply.getHeader().getFlag(Flags.RD)).as(what + ": RD echoed").isTrue();
        }
        softly.assertAll();
    }

    @Test
    void aDirectTxtQueryForAnInstanceNameAnswersItsRecordsThroughTheForwardingChain() throws Exception {
        Message reply = ask("bootstrapper-test.", Type.TXT, "127.0.0.1");

        assertThat(reply.getSection(Section.ANSWER)).extracting(record -> record.rdataToString())
                .containsExactlyInAnyOrder("\"tag:Class=test\"", "\"id=i-d20eee82\"");
    }

    @Test
    void theCacheKeepsTheFlagsOfWhatItStored() throws Exception {
        Row row = table().get("answer from the cache");
        assertThat(row.aa()).isEqualTo("as when it was stored");
        for (String[] query : new String[][] {{"web.", "servers[0]"}, {"www.up.example.", "servers[2]"}}) {
            Message first = ask(query[0], Type.A, "127.0.0.1");
            double hits = cacheHits(query[1]);
            Message cached = ask(query[0], Type.A, "127.0.0.1");

            assertThat(cacheHits(query[1])).as(query[0] + " answered from the cache").isEqualTo(hits + 1);
            assertThat(cached.getSection(Section.ANSWER)).isNotEmpty();
            assertThat(cached.getHeader().getFlag(Flags.AA)).as(query[0] + ": AA").isEqualTo(first.getHeader().getFlag(Flags.AA));
            assertThat(cached.getHeader().getFlag(Flags.RA)).as(query[0] + ": RA").isTrue();
        }
        assertThat(ask("web.", Type.A, "127.0.0.1").getHeader().getFlag(Flags.AA)).as("an instance").isTrue();
        assertThat(ask("www.up.example.", Type.A, "127.0.0.1").getHeader().getFlag(Flags.AA)).as("relayed").isFalse();
    }

    @Test
    void everyRowOfTheTableIsChecked() throws IOException {
        Set<String> checked = new TreeSet<>();
        CASES.forEach(test -> checked.add(test.row()));
        checked.add("answer from the cache");

        assertThat(new TreeSet<>(table().keySet())).isEqualTo(checked);
    }

    private static Message ask(String name, int type, String client) throws IOException {
        return DnsClient.to(address).from(InetAddress.getByName(client)).udp(Queries.message(name, type));
    }

    private static double cacheHits(String block) {
        var counter = server.meterRegistry().find("awsdns_cache_hits").tag("server", block).counter();
        return counter == null ? 0 : counter.count();
    }

    private record Row(String aa, String ra) {}

    /** The rows of the "Header flags" table: answer → its AA and RA cells. */
    private static Map<String, Row> table() throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve("docs/configuration.md"));
        int start = lines.indexOf("### Header flags");
        assertThat(start).as("docs/configuration.md has a 'Header flags' section").isNotNegative();
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> body = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            if (lines.get(i).startsWith("|")) {
                body.add(lines.get(i));
            }
        }
        for (String line : body.subList(2, body.size())) {
            String[] cells = line.substring(1, line.length() - 1).split("\\|");
            rows.put(cells[0].trim(), new Row(cells[2].trim(), cells[3].trim()));
        }
        return rows;
    }
}
