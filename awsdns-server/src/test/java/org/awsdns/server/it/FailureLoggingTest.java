package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** Failures are logged once when the state changes, with the cause in words, and /ready names them. */
class FailureLoggingTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final List<Logger> loggers = List.of(
            (Logger) LoggerFactory.getLogger("org.awsdns.plugins.forward.Upstream"),
            (Logger) LoggerFactory.getLogger("org.awsdns.plugins.ec2.inventory.Ec2Inventory"));
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @TempDir
    Path work;

    @BeforeEach
    void capture() {
        lines.start();
        for (Logger logger : loggers) {
            logger.setLevel(Level.INFO);
            logger.addAppender(lines);
        }
    }

    @AfterEach
    void release() {
        for (Logger logger : loggers) {
            logger.detachAppender(lines);
            logger.setLevel(null);
        }
    }

    @Test
    void anUpstreamGoingDownAndComingBackIsLoggedOnceEachWithTheCause() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort(); // closed again: nothing listens there now
        }
        String upstream = "127.0.0.1:" + port;
        try (AwsdnsServer server = AwsdnsServer.fromYaml("""
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - forward: {to: ["%s"], timeout: 200ms, deadline: 1s, max_fails: 2, health_check: 100ms}
                """.formatted(upstream))) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            for (int i = 0; i < 5; i++) {
                assertThat(client.udp(Queries.message("www.up.example.", Type.A)).getRcode()).isEqualTo(Rcode.SERVFAIL);
            }
            assertThat(warnings()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("forward: upstream " + upstream + " is down: 2 attempts in a row failed, the last because ")
                    .containsAnyOf("nothing listens on its port", "did not answer within"));

            try (Responder responder = new Responder(port)) {
                Await.untilAsserted(WAIT, () -> assertThat(infos()).contains("forward: upstream " + upstream + " is up again"));
                assertThat(client.udp(Queries.message("www.up.example.", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
            }
            assertThat(warnings()).hasSize(1);
            assertThat(infos()).containsOnlyOnce("forward: upstream " + upstream + " is up again");
        }
    }

    @Test
    void aMissingInventoryFileIsLoggedOnceInWordsAndNamedByReady() throws Exception {
        Path file = work.resolve("instances.json");
        try (AwsdnsServer server = AwsdnsServer.fromYaml("""
                metrics: {listen: "127.0.0.1:0"}
                health: {listen: "127.0.0.1:0"}
                inventories:
                  demo: {file: "%s", refresh: 100ms}
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - ec2-forward: {inventory: demo, zone: demo.internal.}
                """.formatted(file))) {
            InetSocketAddress health = server.healthAddress().orElseThrow();
            Await.untilAsserted(WAIT, () -> assertThat(lines.list).filteredOn(event -> event.getLevel() == Level.WARN).isNotEmpty());
            Thread.sleep(800); // several retries (100 ms, 200 ms, 400 ms): still one warning

            assertThat(warnings()).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("inventory demo: loading from file " + file + " failed: " + file
                            + ": no such file; not ready yet; retrying with backoff")
                    .doesNotContain("Exception"));
            var ready = Scrape.get(health, "/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("inventories.demo: first load from file " + file + " failed: " + file
                    + ": no such file; retrying\n");

            Files.copy(Path.of(System.getProperty("awsdns.root"), "examples", "demo-instances.json"), file);
            Await.untilAsserted(WAIT, () -> assertThat(Scrape.get(health, "/ready").statusCode()).isEqualTo(200));
            assertThat(infos()).anySatisfy(line -> assertThat(line).startsWith("inventory demo: loaded "));
            assertThat(warnings()).hasSize(1);
        }
    }

    private List<String> warnings() {
        return messages(Level.WARN);
    }

    private List<String> infos() {
        return messages(Level.INFO);
    }

    private List<String> messages(Level level) {
        return lines.list.stream().filter(event -> event.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** A DNS server on loopback that answers NXDOMAIN to everything. */
    private static final class Responder implements AutoCloseable {
        private final DatagramSocket socket;
        private final Thread thread;

        Responder(int port) throws Exception {
            socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            thread = new Thread(this::serve, "test-responder");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            byte[] buffer = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                    Message reply = new Message(query.getHeader().getID());
                    reply.getHeader().setFlag(Flags.QR);
                    reply.getHeader().setRcode(Rcode.NXDOMAIN);
                    reply.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
                    byte[] wire = reply.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                } catch (Exception e) {
                    // closed, or a packet that is not DNS: keep going until closed
                }
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
