package org.awsdns.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.server.cli.AwsdnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * The socket-level fuzzer, bounded for {@code mvn verify}: 20,000 mutated UDP packets and 2,000
 * TCP connections of pipelined mutated frames with framing lies (empty frames, QR set, lengths
 * that lie, streams ending inside a frame, byte-by-byte starts) against a running server. Then:
 * nothing logged at WARN or above, no UDP error reply larger than its query, and the server
 * still answers over UDP and TCP. scripts/fuzz.sh runs the 10^6 campaign against the jar.
 */
class SocketFuzzTest {
    private static final int UDP_PACKETS = 20_000;
    private static final int TCP_CONNECTIONS = 2_000;
    private static final int BATCH = 64;

    private WarnLog warnings;
    private AwsdnsServer server;
    private InetSocketAddress dns;

    @BeforeEach
    void start() {
        warnings = new WarnLog();
        server = AwsdnsServer.fromYaml(QueryMutator.TARGET_YAML);
        dns = Servers.dns(server);
    }

    @AfterEach
    void stop() {
        server.close();
        warnings.close();
    }

    @Test
    void udp() throws Exception {
        Random random = new Random(20_000);
        int[] sizes = new int[0x10000];
        int replies = 0;
        int oversized = 0;
        try (DatagramSocket socket = Wire.udpSocket()) {
            socket.setReceiveBufferSize(1 << 20);
            DatagramPacket received = new DatagramPacket(new byte[65535], 65535);
            for (int sent = 0; sent < UDP_PACKETS; sent += BATCH) {
                for (int i = 0; i < BATCH; i++) {
                    int id = (sent + i) & 0xFFFF;
                    byte[] packet = withId(QueryMutator.next(random), id);
                    sizes[id] = packet.length;
                    socket.send(new DatagramPacket(packet, packet.length, dns));
                }
                // most of a batch is answered (a response or a runt is not): pace on that
                socket.setSoTimeout(50);
                for (int answered = 0; answered < BATCH * 5 / 8; answered++) {
                    try {
                        socket.receive(received);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    replies++;
                    if (oversizedError(received, sizes)) {
                        oversized++;
                    }
                }
            }
        }

        assertThat(oversized).as("UDP error replies larger than their query").isZero();
        assertThat(replies).as("replies").isGreaterThan(UDP_PACKETS / 2);
        assertStillServes();
    }

    @Test
    void tcp() throws Exception {
        AtomicInteger replies = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < TCP_CONNECTIONS; c++) {
                long seed = c;
                done.add(clients.submit(() -> {
                    replies.addAndGet(connection(new Random(seed)));
                    return null;
                }));
            }
            for (Future<?> connection : done) {
                connection.get(2, TimeUnit.MINUTES);
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(replies.get()).as("replies").isGreaterThan(TCP_CONNECTIONS);
        assertStillServes();
    }

    /** One connection of up to 20 pipelined frames, some of them lies; returns the replies read. */
    private int connection(Random random) throws IOException {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = random.nextInt(20); i >= 0; i--) {
            byte[] payload = QueryMutator.next(random);
            int lie = random.nextInt(100);
            if (lie == 0) {
                payload = new byte[0];
            }
            byte[] frame = Wire.frame(payload);
            if (lie == 1) {
                int length = random.nextInt(0x10000); // the stream loses its framing from here
                frame[0] = (byte) (length >>> 8);
                frame[1] = (byte) length;
            }
            stream.writeBytes(frame);
        }
        if (random.nextInt(10) == 0) {
            stream.writeBytes(new byte[] {0x01, (byte) 0xF4, 0x12, 0x34}); // ends inside a frame
        }
        byte[] bytes = stream.toByteArray();
        try (Socket socket = Wire.connect(dns)) {
            int start = 0;
            if (random.nextInt(20) == 0) {
                for (; start < Math.min(bytes.length, 30); start++) {
                    Wire.write(socket, new byte[] {bytes[start]});
                }
            }
            socket.getOutputStream().write(bytes, start, bytes.length - start);
            socket.shutdownOutput();
            return countFrames(socket.getInputStream().readAllBytes());
        }
    }

    /**
     * The server answers a client that retries as resolvers do (three tries, 3 s each): one UDP
     * query sent into the tail of the flood may be dropped by the kernel like any datagram, but a
     * server that stopped reading its socket answers none of them.
     */
    private void assertStillServes() throws IOException {
        try (DatagramSocket socket = Wire.udpSocket()) {
            socket.setSoTimeout(3_000);
            Message udp = null;
            for (int attempt = 1; udp == null; attempt++) {
                try {
                    udp = new Message(Wire.udpExchange(socket, dns, Wire.query(attempt, Servers.NAME)));
                } catch (SocketTimeoutException e) {
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
            assertThat(udp.getRcode()).isEqualTo(Rcode.NOERROR);
        }
        assertThat(Wire.tcpExchange(dns, null, Wire.query(2, Servers.NAME)).getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(warnings.lines()).as("WARN and ERROR lines").isEmpty();
    }

    private static boolean oversizedError(DatagramPacket reply, int[] sizes) {
        byte[] data = reply.getData();
        if (reply.getLength() < 4) {
            return false;
        }
        int rcode = data[3] & 0x0F;
        int id = ((data[0] & 0xFF) << 8) | (data[1] & 0xFF);
        return rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN && reply.getLength() > sizes[id];
    }

    private static byte[] withId(byte[] packet, int id) {
        if (packet.length >= 2) {
            packet[0] = (byte) (id >>> 8);
            packet[1] = (byte) id;
        }
        return packet;
    }

    private static int countFrames(byte[] data) {
        int frames = 0;
        for (int i = 0; i + 2 <= data.length; frames++) {
            i += 2 + (((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF));
            if (i > data.length) {
                break;
            }
        }
        return frames;
    }
}
