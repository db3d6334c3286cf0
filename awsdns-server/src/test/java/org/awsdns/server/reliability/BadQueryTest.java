package org.awsdns.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.awsdns.server.cli.AwsdnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/**
 * Issue 9, item 1: a query with TC set and its question cut short (dnsjava then keeps an empty
 * question section while the header says one) gets FORMERR, NOTIMP for a non-QUERY opcode, over
 * UDP and TCP; the TCP connection goes on serving and its slot is freed as usual.
 */
class BadQueryTest {
    /** ID 0x1234, TC set, one question announced, whose name is a label of 3 with 2 bytes present. */
    private static final String CUT_QUESTION = "123403000001000000000000037777";
    /** The same with opcode 2 (STATUS). */
    private static final String CUT_STATUS = "123413000001000000000000037777";

    private WarnLog warnings;
    private AwsdnsServer server;
    private InetSocketAddress dns;

    @BeforeEach
    void start() {
        warnings = new WarnLog();
        server = Servers.start("{max_tcp_connections: 4}");
        dns = Servers.dns(server);
    }

    @AfterEach
    void stop() {
        server.close();
        warnings.close();
    }

    @Test
    void cutQuestionWithTcGetsFormerrOverUdp() throws Exception {
        try (DatagramSocket socket = Wire.udpSocket()) {
            byte[] reply = Wire.udpExchange(socket, dns, Wire.hex(CUT_QUESTION));

            assertThat(reply.length).isLessThanOrEqualTo(CUT_QUESTION.length() / 2);
            assertError(new Message(reply), Rcode.FORMERR);
            assertThat(new Message(Wire.udpExchange(socket, dns, Wire.query(7, Servers.NAME))).getRcode())
                    .isEqualTo(Rcode.NOERROR);
        }
        assertThat(warnings.lines()).isEmpty();
    }

    @Test
    void cutQuestionWithOpcodeStatusGetsNotimpOverUdp() throws Exception {
        try (DatagramSocket socket = Wire.udpSocket()) {
            byte[] reply = Wire.udpExchange(socket, dns, Wire.hex(CUT_STATUS));

            assertThat(reply.length).isLessThanOrEqualTo(CUT_STATUS.length() / 2);
            assertError(new Message(reply), Rcode.NOTIMP);
        }
        assertThat(warnings.lines()).isEmpty();
    }

    @Test
    void udpErrorNeverLargerThanTheQuery() throws Exception {
        // the question name is a pointer to offset 0: the header read as a 5-byte label, 7 bytes once
        // echoed; outside the block's zone, so REFUSED with the question would be 23 bytes for 18
        byte[] query = Wire.hex("0541 0100 0001 0000 0000 0000 c000 0001 0001");
        try (DatagramSocket socket = Wire.udpSocket()) {
            byte[] reply = Wire.udpExchange(socket, dns, query);

            assertThat(reply.length).isLessThanOrEqualTo(query.length);
            assertThat(new Message(reply).getRcode()).isEqualTo(Rcode.REFUSED);
        }
    }

    @Test
    void cutQuestionOverTcpGetsErrorsAndTheConnectionServesOn() throws Exception {
        try (Socket socket = Wire.connect(dns)) {
            Wire.write(socket, Wire.frame(Wire.hex(CUT_QUESTION)));
            assertError(Wire.readFrame(socket), Rcode.FORMERR);

            Wire.write(socket, Wire.frame(Wire.hex(CUT_STATUS)));
            assertError(Wire.readFrame(socket), Rcode.NOTIMP);

            Wire.write(socket, Wire.frame(Wire.query(7, Servers.NAME)));
            Message answer = Wire.readFrame(socket);
            assertThat(answer.getHeader().getID()).isEqualTo(7);
            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        }
        assertThat(warnings.lines()).isEmpty();
    }

    @Test
    void connectionsClosedAfterBadQueriesGiveTheirSlotsBack() throws Exception {
        // five times the table: a slot kept by any of them would lock TCP out
        for (int i = 0; i < 20; i++) {
            try (Socket socket = Wire.connect(dns)) {
                Wire.write(socket, Wire.frame(Wire.hex(i % 2 == 0 ? CUT_QUESTION : CUT_STATUS)));
                Wire.readFrame(socket);
            }
        }

        Message answer = Wire.tcpExchange(dns, null, Wire.query(9, Servers.NAME));

        assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(warnings.lines()).isEmpty();
    }

    private static void assertError(Message reply, int rcode) {
        assertThat(reply.getHeader().getID()).isEqualTo(0x1234);
        assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(reply.getRcode()).isEqualTo(rcode);
        assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    }
}
