package org.awsdns.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awsdns.server.transport.TestPlugins.a;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.awsdns.core.NamedPlugin;
import org.awsdns.core.Pipeline;
import org.awsdns.server.metrics.MicrometerMetrics;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Packets that are not proper queries, sent over UDP. After each one a normal query is sent from
 * the same socket: the same source port reaches the same server socket and thread, so if the bad
 * packet had been answered that answer would arrive first. This checks "no reply" without waiting
 * for a timeout, and that the listener survived.
 */
class MalformedQueryTest {
    private static final String WWW = "www.example.com.";
    private static final String WWW_ADDRESS = "192.0.2.1";
    private static final int ID = 0x1234;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private DnsServer server;
    private InetSocketAddress address;

    @BeforeEach
    void startServer() throws IOException {
        ServerBlock block = new ServerBlock("main",
                List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                List.of(TestPlugins.name(".")), List.of(),
                Pipeline.of(List.of(new NamedPlugin("answer", new TestPlugins.AnswerA(WWW, WWW_ADDRESS)))));
        ServerSettings settings = new ServerSettings(null, 2, null, null, null, null, Duration.ofSeconds(1));
        server = DnsServer.start(settings, List.of(block), new MicrometerMetrics(registry));
        address = server.boundAddresses().get(0);
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void dropsPacketShorterThanHeader() throws IOException {
        assertNoReplyThenServes(new byte[] {0x12, 0x34, 0, 0, 0});
        assertThat(malformed("short")).isEqualTo(1);
    }

    @Test
    void dropsResponses() throws IOException {
        Message response = Queries.message(WWW, Type.A);
        response.getHeader().setFlag(Flags.QR);

        assertNoReplyThenServes(response.toWire());
        assertThat(malformed("response")).isEqualTo(1);
    }

    @Test
    void formerrForRandomBody() throws IOException {
        byte[] packet = new byte[40];
        new Random(42).nextBytes(packet);
        // a query header claiming more records than the random body holds
        System.arraycopy(header(ID, 0x01, 1, 0xFFFF), 0, packet, 0, 12);

        Message reply = exchangeThenServes(packet);

        assertHeaderOnlyFormerr(reply);
        assertThat(malformed("unparseable")).isEqualTo(1);
    }

    @Test
    void formerrForBadLabelLength() throws IOException {
        // a label of 63 bytes announced, 3 present
        byte[] packet = concat(header(ID, 0x01, 1, 0), new byte[] {63, 'a', 'b', 'c', 0, 0, 1, 0, 1});

        assertHeaderOnlyFormerr(exchangeThenServes(packet));
        assertThat(malformed("unparseable")).isEqualTo(1);
    }

    @Test
    void formerrForReservedLabelType() throws IOException {
        byte[] packet = concat(header(ID, 0x01, 1, 0), new byte[] {0x41, 'a', 0, 0, 1, 0, 1});

        assertHeaderOnlyFormerr(exchangeThenServes(packet));
        assertThat(malformed("unparseable")).isEqualTo(1);
    }

    @Test
    void formerrForCompressionPointerLoop() throws IOException {
        // the question name is a pointer to itself, at offset 12
        byte[] packet = concat(header(ID, 0x01, 1, 0), new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1});

        assertHeaderOnlyFormerr(exchangeThenServes(packet));
        assertThat(malformed("unparseable")).isEqualTo(1);
    }

    @Test
    void formerrForNoQuestion() throws IOException {
        assertHeaderOnlyFormerr(exchangeThenServes(header(ID, 0x01, 0, 0)));
        assertThat(malformed("question_count")).isEqualTo(1);
    }

    @Test
    void formerrForTwoQuestions() throws IOException {
        Message query = new Message(ID);
        query.getHeader().setFlag(Flags.RD);
        query.addRecord(Record.newRecord(TestPlugins.name(WWW), Type.A, DClass.IN), Section.QUESTION);
        query.addRecord(Record.newRecord(TestPlugins.name("other.example.com."), Type.A, DClass.IN), Section.QUESTION);

        assertHeaderOnlyFormerr(exchangeThenServes(query.toWire()));
        assertThat(malformed("question_count")).isEqualTo(1);
    }

    @Test
    void formerrForTwoOptRecords() throws IOException {
        Message query = Queries.builder(WWW, Type.A).edns(1232).message();
        query.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL); // a second OPT record
        query.getHeader().setID(ID);

        assertHeaderOnlyFormerr(exchangeThenServes(query.toWire()));
        assertThat(malformed("multiple_opt")).isEqualTo(1);
    }

    @Test
    void notimpForNotify() throws IOException {
        assertNotImplemented(Opcode.NOTIFY);
    }

    @Test
    void notimpForUpdate() throws IOException {
        assertNotImplemented(Opcode.UPDATE);
    }

    private void assertNotImplemented(int opcode) throws IOException {
        Message query = Queries.message("example.com.", Type.SOA);
        query.getHeader().setOpcode(opcode);
        query.getHeader().setID(ID);

        Message reply = exchangeThenServes(query.toWire());

        assertThat(reply.getHeader().getID()).isEqualTo(ID);
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getOpcode()).isEqualTo(opcode);
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(reply.getSection(Section.QUESTION)).containsExactly(query.getQuestion());
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
        assertThat(registry.get("awsdns_responses").tag("rcode", "NOTIMP").counter().count()).isEqualTo(1);
    }

    private static void assertHeaderOnlyFormerr(Message reply) {
        assertThat(reply.getHeader().getID()).isEqualTo(ID);
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(reply.getHeader().getOpcode()).isEqualTo(Opcode.QUERY);
        assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
        for (int section = Section.QUESTION; section <= Section.ADDITIONAL; section++) {
            assertThat(reply.getSection(section)).as(Section.string(section)).isEmpty();
        }
    }

    /** Sends {@code packet}, returns its reply, then checks a normal query is still answered. */
    private Message exchangeThenServes(byte[] packet) throws IOException {
        try (DatagramSocket socket = DnsClient.to(address).udpSocket()) {
            Message reply = new Message(DnsClient.to(address).exchange(socket, packet));
            assertServes(socket);
            return reply;
        }
    }

    private void assertNoReplyThenServes(byte[] packet) throws IOException {
        try (DatagramSocket socket = DnsClient.to(address).udpSocket()) {
            DnsClient.to(address).send(socket, packet);
            assertServes(socket);
        }
    }

    private void assertServes(DatagramSocket socket) throws IOException {
        Message query = Queries.message(WWW, Type.A);
        query.getHeader().setID(ID + 1);
        DnsClient.to(address).send(socket, query.toWire());
        Message reply = new Message(DnsClient.receive(socket));
        DnsServerTest.assertAnswered(reply, query, List.of(a(WWW, WWW_ADDRESS)));
    }

    private double malformed(String reason) {
        return registry.get("awsdns_malformed_packets").tag("reason", reason).counter().count();
    }

    private static byte[] header(int id, int flagsHigh, int questions, int answers) {
        return new byte[] {
            (byte) (id >>> 8), (byte) id, (byte) flagsHigh, 0,
            0, (byte) questions, (byte) (answers >>> 8), (byte) answers, 0, 0, 0, 0
        };
    }

    private static byte[] concat(byte[] first, byte[] second) {
        return DnsServerTest.concat(first, second);
    }
}
