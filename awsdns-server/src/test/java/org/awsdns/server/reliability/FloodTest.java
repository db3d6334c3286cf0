package org.awsdns.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awsdns.server.cli.AwsdnsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * Issue 9: 3,000 idle TCP connections from one address do not keep another address from a TCP
 * answer, and slow clients (a frame byte by byte, replies never read) do not stall the others.
 */
class FloodTest {
    private static final int FLOOD = 3000;

    /** With the default per-client limit, and with one so high that only the full table's eviction helps. */
    @ParameterizedTest
    @ValueSource(strings = {"{}", "{max_tcp_connections_per_client: 4096}"})
    void idleConnectionsFromOneAddressDoNotLockOthersOut(String transport) throws Exception {
        List<Socket> flood = new ArrayList<>();
        try (WarnLog warnings = new WarnLog(); AwsdnsServer server = Servers.start(transport)) {
            InetSocketAddress dns = Servers.dns(server);
            InetAddress greedy = InetAddress.getByName("127.0.0.2");
            for (int i = 0; i < FLOOD; i++) {
                flood.add(Wire.connect(dns, greedy));
            }

            Message answer = Wire.tcpExchange(dns, InetAddress.getByName("127.0.0.1"), Wire.query(1, Servers.NAME));

            assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(Servers.closed(server, "evicted")).isGreaterThanOrEqualTo(FLOOD - 1024);
            assertThat(warnings.lines()).as("WARN and ERROR lines").isEmpty();
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
    }

    @Test
    void slowClientsDoNotStallOthers() throws Exception {
        ExecutorService slow = Executors.newFixedThreadPool(20);
        List<Socket> sockets = new ArrayList<>();
        try (AwsdnsServer server = Servers.start("{}")) {
            InetSocketAddress dns = Servers.dns(server);
            Socket neverReads = Wire.connect(dns, InetAddress.getByName("127.0.0.3"));
            sockets.add(neverReads);
            neverReads.setReceiveBufferSize(4096);
            ByteArrayOutputStream pipelined = new ByteArrayOutputStream();
            for (int i = 0; i < 20_000; i++) {
                pipelined.writeBytes(Wire.frame(Wire.query(i, Servers.NAME)));
            }
            slow.submit(() -> {
                neverReads.getOutputStream().write(pipelined.toByteArray()); // blocks once the server stops reading
                return null;
            });
            List<Future<Message>> trickling = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                Socket socket = Wire.connect(dns, InetAddress.getByName("127.0.0.4"));
                sockets.add(socket);
                int id = 1000 + i;
                trickling.add(slow.submit(() -> byteByByte(socket, Wire.frame(Wire.query(id, Servers.NAME)))));
            }

            for (int i = 0; i < 50; i++) {
                Message answer = Wire.tcpExchange(dns, InetAddress.getByName("127.0.0.1"), Wire.query(i, Servers.NAME));
                assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
            }

            for (Future<Message> reply : trickling) {
                assertThat(reply.get(60, TimeUnit.SECONDS).getRcode()).isEqualTo(Rcode.NOERROR);
            }
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
            slow.shutdownNow();
        }
    }

    /** Writes {@code frame} a byte every 10 ms, then reads the reply. */
    private static Message byteByByte(Socket socket, byte[] frame) throws IOException, InterruptedException {
        OutputStream out = socket.getOutputStream();
        for (byte b : frame) {
            out.write(b);
            out.flush();
            Thread.sleep(10);
        }
        return Wire.readFrame(socket);
    }
}
