package org.awsdns.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.awsdns.core.Metrics;
import org.junit.jupiter.api.Test;

class RecordingMetricsTest {
    private final RecordingMetrics metrics = new RecordingMetrics();

    @Test
    void countsPerLabelSetAndInTotal() {
        Metrics.Counter hits = metrics.counter("cache_hits", "hits", "type", "A");
        Metrics.Counter aaaaHits = metrics.counter("cache_hits", "hits", "type", "AAAA");
        hits.increment();
        hits.increment();
        aaaaHits.increment();

        assertThat(metrics.count("cache_hits", "type", "A")).isEqualTo(2);
        assertThat(metrics.count("cache_hits", "type", "MX")).isZero();
        assertThat(metrics.countAll("cache_hits")).isEqualTo(3);
        assertThat(metrics.names()).containsExactly("cache_hits");
    }

    @Test
    void aGaugeRegisteredAgainReadsTheNewerValueAsTheServersDoes() {
        metrics.gauge("entries", "entries", () -> 1, "zone", "a");
        metrics.gauge("entries", "entries", () -> 2, "zone", "a");

        assertThat(metrics.gaugeValue("entries", "zone", "a")).isEqualTo(2);
        assertThatThrownBy(() -> metrics.gaugeValue("entries", "zone", "b")).hasMessageContaining("entries{zone=a}");
    }

    @Test
    void recordsTimers() {
        metrics.timer("latency", "latency", "upstream", "a").record(1_000);
        metrics.timer("latency", "latency", "upstream", "a").record(2_000);

        assertThat(metrics.timerCount("latency", "upstream", "a")).isEqualTo(2);
        assertThat(metrics.timerTotalNanos("latency", "upstream", "a")).isEqualTo(3_000);
    }
}
