package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.plugin.TestGateFactory;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Hot reload of a server started in-process from a config file, under a steady stream of queries. */
class ReloadTest {
    private static final String CONFIG = """
            gates:
              %1$s: {label: kept}
            servers:
              - listen: ["127.0.0.1:0"]
                zones: ["demo.internal."]
                plugins:
                  - hosts: {entries: ["%2$s web.demo.internal"]}
            """;
    private static final String SECOND_BLOCK = """
              - listen: ["127.0.0.2:0"]
                zones: ["other.internal."]
                plugins:
                  - hosts: {entries: ["10.9.9.9 db.other.internal"]}
            """;

    @TempDir
    Path work;

    @Test
    void reloadsUnderLoadWithoutFailingAQuery() throws Exception {
        String gate = "reload-under-load";
        Path file = work.resolve("awsdns.yaml");
        write(file, CONFIG.formatted(gate, "10.0.0.1"));
        try (AwsdnsServer server = AwsdnsServer.builder().configFile(file).start()) {
            InetSocketAddress dns = server.boundAddresses().get(0);
            Object inventory = server.resources().all().get(0);
            DnsClient client = DnsClient.to(dns);
            assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.1");

            try (Load load = Load.start(dns)) {
                load.awaitQueries(50);

                // 1. a hosts entry changes
                write(file, CONFIG.formatted(gate, "10.0.0.2"));
                assertThat(server.reload().success()).isTrue();
                assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.2");
                load.awaitAnswer("10.0.0.2");

                // 2. a block on a new address; the first address keeps its socket
                write(file, CONFIG.formatted(gate, "10.0.0.3") + SECOND_BLOCK);
                assertThat(server.reload().success()).isTrue();
                assertThat(server.boundAddresses()).hasSize(2).startsWith(dns);
                assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.3");
                assertThat(answer(DnsClient.to(server.boundAddresses().get(1)), "db.other.internal.")).isEqualTo("10.9.9.9");
                load.awaitAnswer("10.0.0.3");

                // 3. an invalid config: the previous one keeps serving
                write(file, CONFIG.formatted(gate, "10.0.0.4").replace("hosts:", "hostz:") + SECOND_BLOCK);
                AwsdnsServer.ReloadResult invalid = server.reload();
                assertThat(invalid.success()).isFalse();
                assertThat(invalid.message()).contains("unknown plugin 'hostz'");
                assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.3");
                assertThat(server.boundAddresses()).hasSize(2);

                // 4. the second block goes away again
                write(file, CONFIG.formatted(gate, "10.0.0.5"));
                assertThat(server.reload().success()).isTrue();
                assertThat(server.boundAddresses()).containsExactly(dns);
                assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.5");
                load.awaitAnswer("10.0.0.5");

                load.awaitQueries(load.sent() + 50);
                load.stop();
                assertThat(load.failures()).as("failed or unanswered queries: %s", load.failureLog()).isEmpty();
                assertThat(load.answers()).contains("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.5").doesNotContain("10.0.0.4");
            }

            assertThat(server.resources().all()).singleElement().isSameAs(inventory);
            assertThat(TestGateFactory.created(gate)).isEqualTo(1);
            assertThat(TestGateFactory.closed(gate)).isZero();
            assertThat(counter(server, "success")).isEqualTo(3);
            assertThat(counter(server, "failure")).isEqualTo(1);
        }
        assertThat(TestGateFactory.closed(gate)).isEqualTo(1);
    }

    @Test
    void aChangedResourceIsCreatedAgainAndTheOldOneClosed() throws Exception {
        String gate = "reload-changed";
        Path file = work.resolve("awsdns.yaml");
        write(file, CONFIG.formatted(gate, "10.0.0.1"));
        try (AwsdnsServer server = AwsdnsServer.builder().configFile(file).start()) {
            Object first = server.resources().all().get(0);

            write(file, CONFIG.formatted(gate, "10.0.0.1").replace("label: kept", "label: changed"));
            assertThat(server.reload().success()).isTrue();

            assertThat(server.resources().all()).singleElement().isNotSameAs(first);
            assertThat(TestGateFactory.created(gate)).isEqualTo(2);
            assertThat(TestGateFactory.closed(gate)).isEqualTo(1);
        }
    }

    @Test
    void aPluginWhoseConfigurationDidNotChangeKeepsItsStateAcrossAReload() throws Exception {
        Path file = work.resolve("awsdns.yaml");
        String config = """
                metrics: {listen: "127.0.0.1:0"}
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - cache
                      - hosts: {entries: ["%s web.demo.internal", "10.0.9.9 db.demo.internal"]}
                """;
        write(file, config.formatted("10.0.0.1"));
        try (AwsdnsServer server = AwsdnsServer.builder().configFile(file).start()) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.1");
            assertThat(answer(client, "db.demo.internal.")).isEqualTo("10.0.9.9");
            assertThat(cacheEntries(server)).isEqualTo(2);

            // a no-op reload, as an unchanged SIGHUP: the cache keeps its entries
            AwsdnsServer.ReloadResult same = server.reload();
            assertThat(same.success()).isTrue();
            assertThat(same.message()).contains("plugins kept [servers[0]: cache, hosts], new []");
            assertThat(cacheEntries(server)).isEqualTo(2);

            // the hosts entry changes: hosts is new, the cache is kept (and still answers what it held)
            write(file, config.formatted("10.0.0.2"));
            AwsdnsServer.ReloadResult changed = server.reload();
            assertThat(changed.success()).isTrue();
            assertThat(changed.message()).contains("plugins kept [servers[0]: cache], new [servers[0]: hosts]");
            assertThat(cacheEntries(server)).isEqualTo(2);
            assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.1");

            // the cache's own configuration changes: it starts empty
            write(file, config.formatted("10.0.0.2").replace("- cache", "- cache: {capacity: 500}"));
            assertThat(server.reload().message()).contains("new [servers[0]: cache]");
            assertThat(cacheEntries(server)).isZero();
            assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.2");
        }
    }

    private static double cacheEntries(AwsdnsServer server) throws Exception {
        List<Scrape.Sample> samples = Scrape.parse(Scrape.get(server.metricsAddress().orElseThrow(), "/metrics").body());
        return Scrape.value(samples, "awsdns_cache_entries", "server", "servers[0]");
    }

    @Test
    void watchesTheConfigFileWhenAsked() throws Exception {
        Path file = work.resolve("awsdns.yaml");
        String watched = "reload: {watch: 100ms}\n" + CONFIG;
        write(file, watched.formatted("reload-watch", "10.0.0.1"));
        try (AwsdnsServer server = AwsdnsServer.builder().configFile(file).start()) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.1");

            write(file, watched.formatted("reload-watch", "10.0.0.222"));

            Await.untilAsserted(Duration.ofSeconds(10), () -> assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.222"));
            assertThat(answer(client, "web.demo.internal.")).isEqualTo("10.0.0.222");
            assertThat(counter(server, "success")).isEqualTo(1);
        }
    }

    private static double counter(AwsdnsServer server, String outcome) {
        return server.meterRegistry().get("awsdns_reloads").tag("outcome", outcome).counter().count();
    }

    private static String answer(DnsClient client, String name) throws IOException {
        Message reply = client.udp(Queries.message(name, Type.A));
        assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
        List<Record> answer = reply.getSection(Section.ANSWER);
        assertThat(answer).hasSize(1);
        return ((ARecord) answer.get(0)).getAddress().getHostAddress();
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** A thread asking web.demo.internal over UDP back to back, recording every failure and answer. */
    private static final class Load implements AutoCloseable {
        private static final Duration LIMIT = Duration.ofSeconds(60);
        private final InetSocketAddress server;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Set<String> answers = ConcurrentHashMap.newKeySet();
        private final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread thread;

        private Load(InetSocketAddress server) {
            this.server = server;
            this.thread = new Thread(this::run, "reload-test-load");
        }

        static Load start(InetSocketAddress server) {
            Load load = new Load(server);
            load.thread.start();
            return load;
        }

        private void run() {
            long deadline = System.nanoTime() + LIMIT.toNanos();
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(2000);
                byte[] buffer = new byte[1500];
                while (running.get() && System.nanoTime() < deadline) {
                    Message query = Queries.message("web.demo.internal.", Type.A);
                    byte[] wire = query.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, server));
                    sent.incrementAndGet();
                    try {
                        Message reply;
                        do {
                            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                            socket.receive(packet);
                            reply = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                        } while (reply.getHeader().getID() != query.getHeader().getID());
                        List<Record> answer = reply.getSection(Section.ANSWER);
                        if (reply.getRcode() != Rcode.NOERROR || answer.size() != 1) {
                            failures.add(Rcode.string(reply.getRcode()) + " " + answer);
                        } else {
                            answers.add(((ARecord) answer.get(0)).getAddress().getHostAddress());
                        }
                    } catch (SocketTimeoutException e) {
                        failures.add("no reply to query " + query.getHeader().getID());
                    }
                }
            } catch (IOException | RuntimeException e) {
                failures.add("load thread failed: " + e);
            }
        }

        int sent() {
            return sent.get();
        }

        void awaitQueries(int count) {
            Await.until(count + " queries sent, or the load thread ended", Duration.ofSeconds(20),
                    () -> sent.get() >= count || !thread.isAlive());
            assertThat(sent.get()).as("queries sent").isGreaterThanOrEqualTo(count);
        }

        void awaitAnswer(String address) {
            Await.until("an answer " + address + ", or the load thread ended", Duration.ofSeconds(20),
                    () -> answers.contains(address) || !thread.isAlive());
            assertThat(answers).contains(address);
        }

        Set<String> answers() {
            return answers;
        }

        List<String> failures() {
            return failures;
        }

        String failureLog() {
            return failures.stream().limit(10).toList().toString();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
