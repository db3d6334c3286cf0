package org.awsdns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awsdns.testing.DnsAssertions.assertThat;

import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The client against a one-shot responder on loopback that answers REFUSED with one record. */
class DnsClientTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void exchangesOverUdp() throws Exception {
        try (DatagramSocket responder = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Thread thread = daemon(() -> answerOneDatagram(responder));
            Message query = Queries.message("who.test.", Type.A);

            Message reply = DnsClient.to((InetSocketAddress) responder.getLocalSocketAddress()).udp(query);

            assertThat(reply).answers(query).isRefused().hasAnswer("who.test. 5 IN A 127.0.0.7");
            thread.join(5000);
        }
    }

    @Test
    void exchangesOnASocketTheTestKeepsFromItsSource() throws Exception {
        try (DatagramSocket responder = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Thread thread = daemon(() -> answerOneDatagram(responder));
            DnsClient client = DnsClient.to((InetSocketAddress) responder.getLocalSocketAddress());
            Message query = Queries.message("who.test.", Type.A);

            try (DatagramSocket socket = client.udpSocket()) {
                Message reply = new Message(client.exchange(socket, query.toWire()));

                assertThat(reply).answers(query).isRefused().hasAnswer("who.test. 5 IN A 127.0.0.7");
                assertThat(socket.getLocalAddress()).isEqualTo(LOOPBACK);
            }
            thread.join(5000);
        }
    }

    @Test
    void exchangesOverTcp() throws Exception {
        try (ServerSocket responder = new ServerSocket(0, 1, LOOPBACK)) {
            Thread thread = daemon(() -> answerOneConnection(responder));
            Message query = Queries.builder("who.test.", Type.A).edns(1232).message();

            Message reply = DnsClient.to((InetSocketAddress) responder.getLocalSocketAddress()).tcp(query);

            assertThat(reply).answers(query).isRefused().hasAnswer("who.test. 5 IN A 127.0.0.7");
            thread.join(5000);
        }
    }

    @Test
    void givesUpAfterItsTimeout() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            DnsClient client = DnsClient.to((InetSocketAddress) silent.getLocalSocketAddress()).timeout(Duration.ofMillis(200));

            assertThatThrownBy(() -> client.udp(Queries.message("who.test.", Type.A))).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void refusesToQueryBeyondLoopback() {
        assertThatThrownBy(() -> DnsClient.to(new InetSocketAddress(Queries.literal("192.0.2.1"), 53)))
                .hasMessageContaining("loopback");
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "test-responder");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static byte[] refused(byte[] request) {
        try {
            Message reply = new Message(request);
            reply.getHeader().setFlag(Flags.QR);
            reply.getHeader().setRcode(Rcode.REFUSED);
            reply.removeAllRecords(Section.ADDITIONAL);
            reply.addRecord(Records.record("who.test. 5 IN A 127.0.0.7"), Section.ANSWER);
            return reply.toWire();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answerOneDatagram(DatagramSocket socket) {
        try {
            DatagramPacket packet = new DatagramPacket(new byte[512], 512);
            socket.receive(packet);
            byte[] reply = refused(Arrays.copyOf(packet.getData(), packet.getLength()));
            socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
        } catch (Exception e) {
            // the test fails on its own timeout
        }
    }

    private static void answerOneConnection(ServerSocket server) {
        try (Socket socket = server.accept()) {
            byte[] request = DnsClient.readFrame(new DataInputStream(socket.getInputStream()));
            socket.getOutputStream().write(DnsClient.frame(refused(request)));
        } catch (Exception e) {
            // the test fails on its own timeout
        }
    }
}
