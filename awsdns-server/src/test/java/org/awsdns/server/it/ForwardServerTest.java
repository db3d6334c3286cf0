package org.awsdns.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awsdns.plugins.testing.unbound.Unbound;
import org.awsdns.server.cli.AwsdnsServer;
import org.awsdns.server.testing.TestServer;
import org.awsdns.testing.DnsClient;
import org.awsdns.testing.Queries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** cache + forward in front of a real unbound, asked over UDP and TCP through the server. */
class ForwardServerTest {
    @TempDir
    Path work;

    private static String config(Unbound upstream) {
        return """
                servers:
                  - listen: ["127.0.0.1:0"]
                    plugins:
                      - cache: {serve_stale: 1h}
                      - forward: {to: ["%s"], timeout: 300ms, deadline: 1s}
                """.formatted(upstream.hostPort());
    }

    @Test
    void ec2FirstThenForwardNeverForwardsANameTheInventoryKnows() throws Exception {
        Path demo = Path.of(System.getProperty("awsdns.root"), "examples", "demo-instances.json");
        try (Unbound upstream = Unbound.start(work);
                AwsdnsServer server = AwsdnsServer.fromYaml("""
                        inventories:
                          demo: {file: "%s"}
                        servers:
                          - listen: ["127.0.0.1:0"]
                            plugins:
                              - cache
                              - ec2-forward: {inventory: demo, zone: up.example.}
                              - forward: {to: ["%s"]}
                        """.formatted(demo, upstream.hostPort()))) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            TestServer.awaitReady(server, Duration.ofSeconds(30));

            Message instance = client.udp(Queries.message("bootstrapper-test.up.example.", Type.A));
            Message nodata = client.udp(Queries.message("bootstrapper-test.up.example.", Type.AAAA));
            Message forwarded = client.udp(Queries.message("www.up.example.", Type.A));

            assertThat(instance.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("172.31.31.48");
            assertThat(instance.getHeader().getFlag(Flags.AA)).isTrue();
            assertThat(nodata.getRcode()).as("known to EC2 without IPv6: NODATA, not the upstream's NXDOMAIN")
                    .isEqualTo(Rcode.NOERROR);
            assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
            assertThat(forwarded.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("192.0.2.1");
        }
    }

    @Test
    void exportsTheUpstreamLatencyAsAHistogramWithTheRequestDurationBuckets() throws Exception {
        try (Unbound upstream = Unbound.start(work);
                AwsdnsServer server = AwsdnsServer.fromYaml("metrics: {listen: \"127.0.0.1:0\"}\n" + config(upstream))) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            for (String name : List.of("www.up.example.", "missing.up.example.", "big.up.example.")) {
                client.udp(Queries.message(name, Type.A));
            }

            List<Scrape.Sample> samples = Scrape.parse(Scrape.get(server.metricsAddress().orElseThrow(), "/metrics").body());

            String upstreamLabel = upstream.hostPort();
            assertThat(Scrape.value(samples, "awsdns_forward_upstream_duration_seconds_count", "upstream", upstreamLabel))
                    .isGreaterThanOrEqualTo(3);
            List<Scrape.Sample> buckets = Scrape.find(samples, "awsdns_forward_upstream_duration_seconds_bucket",
                    "upstream", upstreamLabel);
            List<String> requestBuckets = Scrape.find(samples, "awsdns_request_duration_seconds_bucket", "type", "A")
                    .stream().map(sample -> sample.labels().get("le")).toList();
            assertThat(buckets).hasSizeGreaterThanOrEqualTo(17).extracting(sample -> sample.labels().get("le"))
                    .as("the buckets of awsdns_request_duration_seconds").containsExactlyElementsOf(requestBuckets);
            assertThat(Scrape.value(samples, "awsdns_forward_upstream_duration_seconds_bucket",
                    "upstream", upstreamLabel, "le", "+Inf")).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aLargeUpstreamAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
        try (Unbound upstream = Unbound.start(work); AwsdnsServer server = AwsdnsServer.fromYaml(config(upstream))) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));

            Message udp = client.udp(Queries.builder("big.up.example.", Type.A).edns(1232).message());
            Message tcp = client.tcp(Queries.message("big.up.example.", Type.A));

            assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
            assertThat(udp.toWire().length).isLessThanOrEqualTo(1232);
            assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(tcp.getSection(Section.ANSWER)).hasSize(Unbound.BIG_RRSET_SIZE)
                    .allSatisfy(record -> assertThat(record.getName().toString()).isEqualTo("big.up.example."));
        }
    }

    @Test
    void keepsAnsweringCachedNamesWhenTheUpstreamStopsAndFailsTheRestWithinTheDeadline() throws Exception {
        Unbound upstream = Unbound.start(work);
        try (AwsdnsServer server = AwsdnsServer.fromYaml(config(upstream))) {
            DnsClient client = DnsClient.to(server.boundAddresses().get(0));
            Message before = client.udp(Queries.message("www.up.example.", Type.A));
            Message nxdomain = client.udp(Queries.message("missing.up.example.", Type.A));
            assertThat(before.getSection(Section.ANSWER)).hasSize(1);
            assertThat(nxdomain.getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(nxdomain.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);

            upstream.close();
            Message cached = client.udp(Queries.message("www.up.example.", Type.A));
            long started = System.nanoTime();
            Message uncached = client.udp(Queries.message("www2.up.example.", Type.A));
            long millis = (System.nanoTime() - started) / 1_000_000;

            assertThat(cached.getRcode()).isEqualTo(Rcode.NOERROR);
            assertThat(cached.getSection(Section.ANSWER)).extracting(Record::rdataToString)
                    .containsExactlyElementsOf(before.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList());
            assertThat(uncached.getRcode()).isEqualTo(Rcode.SERVFAIL);
            assertThat(millis).as("SERVFAIL within the 1 s deadline (and some slack)").isLessThan(3_000);
        } finally {
            upstream.close();
        }
    }
}
