package org.awsdns.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.awsdns.server.cli.AwsdnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Issue 9, item 3: a frame that is not a query (QR set, shorter than a header, empty) is counted
 * and ignored; queries pipelined around it are answered and the connection stays. Only a broken
 * length prefix (the stream ending inside a frame) ends a connection.
 */
class TcpFramingTest {
    private WarnLog warnings;
    private AwsdnsServer server;
    private InetSocketAddress dns;

    @BeforeEach
    void start() {
        warnings = new WarnLog();
        server = Servers.start("{}");
        dns = Servers.dns(server);
    }

    @AfterEach
    void stop() {
        server.close();
        warnings.close();
    }

    @Test
    void badFramesAreSkippedAndPipelinedQueriesAnswered() throws Exception {
        byte[] response = Wire.query(99, Servers.NAME);
        response[2] |= (byte) 0x80;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(Wire.frame(Wire.query(1, Servers.NAME)));
        stream.writeBytes(Wire.frame(response));
        stream.writeBytes(Wire.frame(Wire.query(2, Servers.NAME)));
        stream.writeBytes(Wire.frame(new byte[0]));
        stream.writeBytes(Wire.frame(new byte[] {0x12, 0x34, 0, 0, 0}));
        stream.writeBytes(Wire.frame(Wire.query(3, Servers.NAME)));

        try (Socket socket = Wire.connect(dns)) {
            Wire.write(socket, stream.toByteArray());
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Message reply = Wire.readFrame(socket);
                assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
                ids.add(reply.getHeader().getID());
            }
            assertThat(ids).containsExactlyInAnyOrder(1, 2, 3);

            Wire.write(socket, Wire.frame(Wire.query(4, Servers.NAME)));
            assertThat(Wire.readFrame(socket).getHeader().getID()).isEqualTo(4);
        }
        assertThat(Servers.counter(server, "awsdns_malformed_packets", "reason", "response")).isEqualTo(1);
        assertThat(Servers.counter(server, "awsdns_malformed_packets", "reason", "short")).isEqualTo(2);
        assertThat(warnings.lines()).isEmpty();
    }

    @Test
    void streamEndingInsideAFrameEndsTheConnectionAfterTheReplies() throws Exception {
        try (Socket socket = Wire.connect(dns)) {
            byte[] query = Wire.frame(Wire.query(1, Servers.NAME));
            byte[] half = {0x00, 0x20, 0x12, 0x34, 0x01};
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            stream.writeBytes(query);
            stream.writeBytes(half);
            Wire.write(socket, stream.toByteArray());
            socket.shutdownOutput();

            assertThat(Wire.readFrame(socket).getHeader().getID()).isEqualTo(1);
            assertThat(Wire.closedByServer(socket)).isTrue();
        }
        assertThat(warnings.lines()).isEmpty();
    }
}
