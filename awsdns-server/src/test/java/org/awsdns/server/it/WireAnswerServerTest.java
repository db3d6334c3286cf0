package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.testing.TestServer;
import org.awsdns.testing.DnsClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Replies written from kept wire bytes (the ec2 views' answers, cache hits) against what dnsjava
 * encodes for the same response, over real UDP and TCP. The server runs a `test-model-path` plugin
 * first: queries from 127.0.0.2 have their response turned back into records, so the server
 * encodes them with dnsjava; the same query from 127.0.0.1 is served from the wire bytes. Both
 * replies must be the same bytes: ID, the question's letter case, OPT (size, DO), TTLs counted
 * down, truncation at an RRset boundary with TC.
 */
class WireAnswerServerTest {
    private static final int BIG = 40; // instances sharing the name "big": 40 A, 40 AAAA, 40 TXT (one per instance)

    @TempDir
    static Path dir;
    private static AwsdnsServer server;

    @BeforeAll
    static void start() throws Exception {
        StringBuilder json = new StringBuilder("{\"Reservations\":[{\"Instances\":[\n");
        for (int i = 1; i <= BIG + 5; i++) {
            String name = i <= BIG ? "big" : "host-" + i;
            json.append(String.format(
                    "{\"InstanceId\":\"i-%017x\",\"PrivateIpAddress\":\"10.1.0.%d\",\"State\":{\"Name\":\"running\"},"
                            + "\"Tags\":[{\"Key\":\"Name\",\"Value\":\"%s\"},{\"Key\":\"Class\",\"Value\":\"web\"}],"
                            + "\"NetworkInterfaces\":[{\"PrivateIpAddresses\":[{\"PrivateIpAddress\":\"10.1.0.%d\",\"Primary\":true}],"
                            + "\"Ipv6Addresses\":[{\"Ipv6Address\":\"fd00:ec2::%x\"}]}]}%s\n",
                    i, i, name, i, i, i < BIG + 5 ? "," : ""));
        }
        json.append("]}]}\n");
        Path file = dir.resolve("instances.json");
        Files.writeString(file, json);
        String chain = """
                      - ec2-forward: {inventory: vpc, zone: vpc.internal., ttl: 60}
                      - ec2-reverse: {inventory: vpc, zone: vpc.internal., ttl: 60}
                      - txt-extra: {inventory: vpc, extra: ["tag:Class", id]}
                      - soa: {zone: vpc.internal., mname: ns1.vpc.internal., rname: hostmaster.vpc.internal.}
                """;
        server = AwsdnsServer.fromYaml("""
                inventories:
                  vpc: {file: "%s"}
                servers:
                  - listen: ["127.0.0.1:0"]
                    zones: ["vpc.internal.", "in-addr.arpa."]
                    plugins:
                      - test-model-path: {client: 127.0.0.2}
                      - cache: {capacity: 1000}
                %s
                  - listen: ["127.0.0.3:0"]
                    zones: ["vpc.internal.", "in-addr.arpa."]
                    plugins:
                      - test-model-path: {client: 127.0.0.2}
                %s
                """.formatted(file, chain, chain));
        TestServer.awaitReady(server, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static InetSocketAddress cached() {
        return bound("127.0.0.1");
    }

    private static InetSocketAddress uncached() {
        return bound("127.0.0.3");
    }

    private static InetSocketAddress bound(String address) {
        return server.boundAddresses().stream()
                .filter(bound -> bound.getAddress().getHostAddress().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void anInstanceNameIsTheSameBytesAsDnsjavaWritesWithTheClientsIdCaseAndOpt() throws Exception {
        for (InetSocketAddress block : List.of(uncached(), cached())) {
            Message query = query("HoSt-41.VPC.internal.", Type.A, 0x1234, 1232, true);
            byte[] wire = same(block, query);
            Message reply = new Message(wire);
            assertThat(reply.getHeader().getID()).isEqualTo(0x1234);
            assertThat(reply.getQuestion().getName().toString()).isEqualTo("HoSt-41.VPC.internal.");
            assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
            assertThat(reply.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("10.1.0.41");
            assertThat(reply.getSection(Section.ADDITIONAL)).extracting(Record::getType).contains(Type.TXT);
            OPTRecord opt = reply.getOPT();
            assertThat(opt.getPayloadSize()).isEqualTo(1232);
            assertThat(opt.getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
        }
    }

    @Test
    void aReverseNameWithoutEdnsOrDo() throws Exception {
        for (InetSocketAddress block : List.of(uncached(), cached())) {
            Message reply = new Message(same(block, query("42.0.1.10.IN-ADDR.arpa.", Type.PTR, 7, 0, false)));
            assertThat(reply.getOPT()).isNull();
            assertThat(reply.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("host-42.vpc.internal.");
        }
    }

    @Test
    void aLargeAnswerIsCutAtAnRrsetBoundaryWithTc() throws Exception {
        for (InetSocketAddress block : List.of(uncached(), cached())) {
            // 512 bytes without EDNS: the 40 A records do not fit, the whole RRset goes, TC
            Message small = new Message(same(block, query("big.vpc.internal.", Type.A, 1, 0, false)));
            assertThat(small.getHeader().getFlag(Flags.TC)).isTrue();
            assertThat(small.getSection(Section.ANSWER)).isEmpty();
            // 1232 with EDNS: the answer fits, the TXT RRset of the additional section does not: no TC
            Message edns = new Message(same(block, query("big.vpc.internal.", Type.A, 2, 4096, false)));
            assertThat(edns.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(edns.getSection(Section.ANSWER)).hasSize(BIG);
            assertThat(edns.getSection(Section.ADDITIONAL)).extracting(Record::getType).containsExactly(Type.OPT);
            // over TCP, everything
            Message tcp = new Message(sameTcp(block, query("big.vpc.internal.", Type.A, 3, 0, false)));
            assertThat(tcp.getSection(Section.ANSWER)).hasSize(BIG);
            assertThat(tcp.getSection(Section.ADDITIONAL)).hasSize(BIG);
        }
        // ANY is kept by the cache: two RRsets in the answer, the second (AAAA) cut, TC
        same(cached(), query("big.vpc.internal.", Type.ANY, 4, 1232, false)); // fills the cache
        Message any = new Message(same(cached(), query("BIG.vpc.internal.", Type.ANY, 5, 1232, false)));
        assertThat(any.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(any.getSection(Section.ANSWER)).hasSize(BIG).extracting(Record::getType).containsOnly(Type.A);
    }

    @Test
    void aCacheHitCountsItsTtlsDown() throws Exception {
        Message first = new Message(same(cached(), query("host-43.vpc.internal.", Type.A, 9, 1232, false)));
        assertThat(first.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(60);
        Thread.sleep(2_100);
        Message later = new Message(same(cached(), query("host-43.vpc.internal.", Type.A, 10, 1232, false)));
        assertThat(later.getSection(Section.ANSWER).get(0).getTTL()).isBetween(55L, 58L);
        assertThat(later.getSection(Section.ADDITIONAL)).filteredOn(r -> r.getType() == Type.TXT)
                .allSatisfy(txt -> assertThat(txt.getTTL()).isBetween(55L, 58L));
    }

    @Test
    void negativeAnswersFromTheCacheToo() throws Exception {
        same(cached(), query("nobody.vpc.internal.", Type.A, 11, 1232, false));
        Message nx = new Message(same(cached(), query("NoBody.vpc.internal.", Type.A, 12, 1232, false)));
        assertThat(nx.getRcode()).isEqualTo(org.xbill.DNS.Rcode.NXDOMAIN);
        assertThat(nx.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);
    }

    private static Message query(String name, int type, int id, int ednsSize, boolean dnssecOk) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        query.getHeader().setID(id);
        if (ednsSize > 0) {
            query.addRecord(new OPTRecord(ednsSize, 0, 0, dnssecOk ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        }
        return query;
    }

    /**
     * The UDP reply from the wire path (127.0.0.1), checked equal byte for byte to dnsjava's
     * (127.0.0.2). Asked wire, dnsjava, wire: a TTL counted down in whole seconds may tick between
     * two queries, so dnsjava's must equal one of the two.
     */
    private static byte[] same(InetSocketAddress block, Message query) throws IOException {
        byte[] bytes = query.toWire();
        byte[] wire = DnsClient.to(block).from("127.0.0.1").udp(bytes);
        byte[] model = DnsClient.to(block).from("127.0.0.2").udp(bytes);
        byte[] again = DnsClient.to(block).from("127.0.0.1").udp(bytes);
        assertSame(model, wire, again);
        return again;
    }

    private static byte[] sameTcp(InetSocketAddress block, Message query) throws IOException {
        byte[] wire = DnsClient.to(block).from("127.0.0.1").tcp(query).toWire();
        byte[] model = DnsClient.to(block).from("127.0.0.2").tcp(query).toWire();
        byte[] again = DnsClient.to(block).from("127.0.0.1").tcp(query).toWire();
        assertSame(model, wire, again);
        return again;
    }

    private static void assertSame(byte[] model, byte[] wire, byte[] again) throws IOException {
        byte[] closest = java.util.Arrays.equals(model, wire) ? wire : again;
        Message expected = new Message(model);
        Message actual = new Message(closest);
        // section by section first, for a readable failure; then every byte
        assertThat(actual.getHeader().toString()).isEqualTo(expected.getHeader().toString());
        for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
            assertThat(actual.getSection(section)).as(Section.string(section)).isEqualTo(expected.getSection(section));
        }
        assertThat(closest).isEqualTo(model);
    }
}
