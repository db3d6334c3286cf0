package org.awsdns.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class QueryHistogramsTest {
    private static final long[] DURATIONS = {250_000, 500_000, 1_000_000, 2_000_000};

    @Test
    void scrapesAsTheMicrometerTimerItReplacesDid() {
        PrometheusMeterRegistry ours = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PrometheusMeterRegistry micrometer = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        QueryHistogram histogram = QueryHistograms.of(ours).histogram("awsdns_request_duration_seconds", "Time",
                Unit.SECONDS, DURATIONS, 1e9, "server", "servers[0]", "zone", "z.", "type", "A");
        Timer timer = Timer.builder("awsdns_request_duration").description("Time")
                .tags("server", "servers[0]", "zone", "z.", "type", "A")
                .serviceLevelObjectives(Duration.ofNanos(250_000), Duration.ofNanos(500_000), Duration.ofNanos(1_000_000),
                        Duration.ofNanos(2_000_000))
                .register(micrometer);
        for (long nanos : new long[] {1, 250_000, 250_001, 999_999, 5_000_000, 1_500_000, 100_000}) {
            histogram.record(nanos);
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }

        assertThat(lines(ours.scrape())).isEqualTo(lines(micrometer.scrape()));
        assertThat(ours.scrape()).contains(
                "awsdns_request_duration_seconds_bucket{server=\"servers[0]\",type=\"A\",zone=\"z.\",le=\"2.5E-4\"} 3",
                "awsdns_request_duration_seconds_count{server=\"servers[0]\",type=\"A\",zone=\"z.\"} 7",
                "awsdns_request_duration_seconds_max{server=\"servers[0]\",type=\"A\",zone=\"z.\"} 0.005");
    }

    @Test
    void countsEveryRecordFromManyThreads() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        QueryHistogram histogram = QueryHistograms.of(registry).histogram("awsdns_response_size_bytes", "Size",
                Unit.BYTES, new long[] {100, 200}, 1, "transport", "udp");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            threads.execute(() -> {
                for (int i = 0; i < 100_000; i++) {
                    histogram.record(i % 300);
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        long[] counts = histogram.bucketCounts();
        assertThat(counts[0] + counts[1] + counts[2]).isEqualTo(400_000);
        assertThat(counts[0]).isEqualTo(4 * (101 * 333 + 100)); // 0..100 in each of 333 runs of 300, then 0..99
        assertThat(registry.scrape()).contains("awsdns_response_size_bytes_count{transport=\"udp\"} 400000");
    }

    /** The scrape's sample lines, without comments (Micrometer's HELP carries no unit suffix difference). */
    private static List<String> lines(String scrape) {
        return scrape.lines().filter(line -> !line.startsWith("#")).sorted().collect(Collectors.toList());
    }
}
