package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.plugin.TestGateFactory;
import org.awsdns.testing.Await;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/** The HTTP endpoints of a server started in-process: /metrics scraped and parsed, /health, /ready. */
class MetricsAndHealthTest {
    private static final String YAML = """
            metrics: {listen: "127.0.0.1:0"}
            health: {listen: "127.0.0.2:0"}
            servers:
              - listen: ["127.0.0.1:0"]
                zones: ["demo.internal."]
                plugins:
                  - log
                  - hosts:
                      entries: ["172.31.40.11 web.demo.internal"]
            """;

    @Test
    void countsQueriesByBlockZoneTypeAndAnsweringPlugin() throws Exception {
        try (AwsdnsServer server = AwsdnsServer.builder().yaml(YAML).start()) {
            InetSocketAddress dns = server.boundAddresses().get(0);
            DnsClient client = DnsClient.to(dns);
            for (int i = 0; i < 3; i++) {
                assertThat(client.udp(Queries.message("web.demo.internal.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
            }
            assertThat(client.tcp(Queries.message("web.demo.internal.", Type.AAAA)).getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(client.udp(Queries.message("missing.demo.internal.", Type.A)).getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(client.udp(Queries.message("example.com.", Type.MX)).getRcode()).isEqualTo(Rcode.REFUSED);
            try (DatagramSocket socket = new DatagramSocket()) {
                byte[] tooShort = {1, 2, 3};
                socket.send(new DatagramPacket(tooShort, tooShort.length, dns));
            }
            InetSocketAddress http = server.metricsAddress().orElseThrow();

            List<Scrape.Sample> samples = awaitSample(http, "awsdns_malformed_packets_total", "reason", "short");

            String block = "servers[0]";
            String zone = "demo.internal.";
            assertThat(Scrape.value(samples, "awsdns_responses_total",
                    "server", block, "zone", zone, "rcode", "NOERROR", "plugin", "hosts")).isEqualTo(3);
            // NODATA for AAAA: hosts knows the name, the end of the chain answers
            assertThat(Scrape.value(samples, "awsdns_responses_total",
                    "server", block, "zone", zone, "rcode", "NOERROR", "plugin", "-")).isEqualTo(1);
            assertThat(Scrape.value(samples, "awsdns_responses_total",
                    "server", block, "zone", zone, "rcode", "NXDOMAIN", "plugin", "-")).isEqualTo(1);
            assertThat(Scrape.value(samples, "awsdns_responses_total",
                    "server", "-", "zone", "-", "rcode", "REFUSED", "plugin", "-")).isEqualTo(1);
            assertThat(Scrape.value(samples, "awsdns_requests_total",
                    "server", block, "zone", zone, "type", "A", "transport", "udp", "family", "ipv4")).isEqualTo(4);
            assertThat(Scrape.value(samples, "awsdns_requests_total",
                    "server", block, "zone", zone, "type", "AAAA", "transport", "tcp", "family", "ipv4")).isEqualTo(1);
            assertThat(Scrape.value(samples, "awsdns_requests_total",
                    "server", "-", "zone", "-", "type", "MX", "transport", "udp", "family", "ipv4")).isEqualTo(1);
            assertThat(Scrape.value(samples, "awsdns_requests_total",
                    "server", "-", "zone", "-", "type", "other", "transport", "udp", "family", "ipv4")).isEqualTo(1);
            assertThat(Scrape.value(samples, "awsdns_malformed_packets_total", "reason", "short")).isEqualTo(1);

            assertThat(Scrape.value(samples, "awsdns_request_duration_seconds_count",
                    "server", block, "zone", zone, "type", "A")).isEqualTo(4);
            List<Scrape.Sample> buckets = Scrape.find(samples, "awsdns_request_duration_seconds_bucket",
                    "server", block, "zone", zone, "type", "A");
            assertThat(buckets).hasSizeGreaterThanOrEqualTo(16);
            assertThat(Scrape.value(samples, "awsdns_request_duration_seconds_bucket",
                    "server", block, "zone", zone, "type", "A", "le", "+Inf")).isEqualTo(4);
            assertThat(Scrape.value(samples, "awsdns_request_size_bytes_count",
                    "server", block, "zone", zone, "transport", "udp")).isEqualTo(4);
            assertThat(Scrape.value(samples, "awsdns_response_size_bytes_count",
                    "server", block, "zone", zone, "transport", "tcp")).isEqualTo(1);
            assertThat(Scrape.value(samples, "awsdns_response_size_bytes_sum",
                    "server", block, "zone", zone, "transport", "tcp")).isGreaterThan(12);

            assertThat(Scrape.find(samples, "awsdns_hosts_entries", "server", block, "plugin", "hosts"))
                    .extracting(Scrape.Sample::value).containsExactly(1.0);
            assertThat(Scrape.find(samples, "jvm_memory_used_bytes")).isNotEmpty();
            assertThat(Scrape.find(samples, "jvm_threads_live_threads")).isNotEmpty();
            assertThat(Scrape.find(samples, "process_uptime_seconds")).isNotEmpty();
            assertThat(Scrape.find(samples, "system_cpu_count")).isNotEmpty();
        }
    }

    @Test
    void servesMetricsAsPrometheusTextAndAnswersHeadAndUnknownPaths() throws Exception {
        try (AwsdnsServer server = AwsdnsServer.builder().yaml(YAML).start()) {
            InetSocketAddress metrics = server.metricsAddress().orElseThrow();
            InetSocketAddress health = server.healthAddress().orElseThrow();
            assertThat(metrics.getAddress().isLoopbackAddress()).isTrue();
            assertThat(metrics.getPort()).isNotZero().isNotEqualTo(health.getPort());

            HttpResponse<String> scrape = Scrape.get(metrics, "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(scrape.body()).contains("# TYPE awsdns_in_flight_queries gauge");

            HttpResponse<String> head = Scrape.send(metrics, "/metrics", "HEAD");
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();

            assertThat(Scrape.get(metrics, "/health").statusCode()).isEqualTo(404); // health is elsewhere
            assertThat(Scrape.get(metrics, "/metrics/more").statusCode()).isEqualTo(404);
            assertThat(Scrape.send(metrics, "/metrics", "POST").statusCode()).isEqualTo(405);

            HttpResponse<String> alive = Scrape.get(health, "/health");
            assertThat(alive.statusCode()).isEqualTo(200);
            assertThat(alive.body()).isEqualTo("OK\n");
            assertThat(Scrape.send(health, "/health", "HEAD").statusCode()).isEqualTo(200);
            assertThat(Scrape.get(health, "/ready").body()).isEqualTo("ready\n");
            assertThat(Scrape.get(health, "/metrics").statusCode()).isEqualTo(404);
        }
        // closed with the server
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(thread ->
                thread.getName().startsWith("awsdns-http") && thread.isAlive() && !thread.isDaemon());
    }

    @Test
    void metricsAndHealthOnOneAddressShareOneServer() throws Exception {
        try (AwsdnsServer server = AwsdnsServer.builder().yaml("""
                metrics: {listen: "127.0.0.1:0"}
                health: {listen: "127.0.0.1:0"}
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins: [log]
                """).start()) {
            InetSocketAddress http = server.metricsAddress().orElseThrow();
            assertThat(server.healthAddress()).hasValue(http);
            assertThat(Scrape.get(http, "/metrics").statusCode()).isEqualTo(200);
            assertThat(Scrape.get(http, "/health").statusCode()).isEqualTo(200);
            assertThat(Scrape.get(http, "/ready").statusCode()).isEqualTo(200);
            assertThat(Scrape.get(http, "/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void endpointsStayOffWhenNotConfigured() {
        try (AwsdnsServer server = AwsdnsServer.builder().yaml("""
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins: [log]
                """).start()) {
            assertThat(server.metricsAddress()).isEmpty();
            assertThat(server.healthAddress()).isEmpty();
        }
    }

    @Test
    void readyListsWhatIsLoadingUntilItIsReady() throws Exception {
        String gate = "ready-test-inventory";
        String yaml = """
                health: {listen: "127.0.0.1:0"}
                gates:
                  %s: {label: first}
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins: [log]
                """.formatted(gate);
        try (AwsdnsServer server = AwsdnsServer.builder().yaml(yaml).start()) {
            InetSocketAddress health = server.healthAddress().orElseThrow();

            HttpResponse<String> loading = Scrape.get(health, "/ready");
            assertThat(loading.statusCode()).isEqualTo(503);
            assertThat(loading.body()).isEqualTo("gates." + gate + ": waiting for the test\n");
            assertThat(Scrape.get(health, "/health").statusCode()).isEqualTo(200);

            TestGateFactory.open(gate);

            HttpResponse<String> ready = Scrape.get(health, "/ready");
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).isEqualTo("ready\n");
        }
    }

    /** Scrapes until the sample exists (the malformed packet is counted on the server's thread). */
    private static List<Scrape.Sample> awaitSample(InetSocketAddress http, String name, String... labels) throws Exception {
        AtomicReference<List<Scrape.Sample>> scraped = new AtomicReference<>();
        Await.untilAsserted(Duration.ofSeconds(10), () -> {
            List<Scrape.Sample> samples = Scrape.parse(Scrape.get(http, "/metrics").body());
            assertThat(Scrape.value(samples, name, labels)).as("%s %s", name, List.of(labels)).isPositive();
            scraped.set(samples);
        });
        return scraped.get();
    }
}
