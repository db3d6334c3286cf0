package org.awsdns.plugins.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheConfigTest {

    @Test
    void fillsDefaultsFromAnEmptyMapping() {
        CacheConfig config = new CacheConfig(null, null, null, null, null, null, null, null, null);

        assertThat(config.capacity()).isEqualTo(10_000);
        assertThat(config.maxBytesValue()).isEqualTo(64L << 20);
        assertThat(config.maxTtl()).isEqualTo(3600);
        assertThat(config.minTtl()).isZero();
        assertThat(config.maxNegativeTtl()).isEqualTo(1800);
        assertThat(config.servfailTtl()).isEqualTo(5);
        assertThat(config.prefetch()).isNull();
        assertThat(config.serveStale()).isNull();
        assertThat(config.staleTimeout()).isEqualTo(Duration.ofMillis(1800));
    }

    @Test
    void parsesSizesAndPercentages() {
        assertThat(CacheConfig.parseBytes("512KiB")).isEqualTo(512 * 1024);
        assertThat(CacheConfig.parseBytes("1GB")).isEqualTo(1_000_000_000L);
        assertThat(CacheConfig.parseBytes("4096")).isEqualTo(4096);
        assertThat(new PrefetchConfig(null, null).beforeFraction()).isEqualTo(0.10);
        assertThat(new PrefetchConfig(2, "25%").beforeFraction()).isEqualTo(0.25);
    }

    @Test
    void rejectsInvalidValuesWithClearMessages() {
        assertThatThrownBy(() -> new CacheConfig(0, null, null, null, null, null, null, null, null)).hasMessageContaining("capacity");
        assertThatThrownBy(() -> new CacheConfig(null, "lots", null, null, null, null, null, null, null)).hasMessageContaining("64MiB");
        assertThatThrownBy(() -> new CacheConfig(null, null, 10L, 20L, null, null, null, null, null)).hasMessageContaining("min_ttl");
        assertThatThrownBy(() -> new CacheConfig(null, null, null, null, null, 3600L, null, null, null)).hasMessageContaining("servfail_ttl");
        assertThatThrownBy(() -> new PrefetchConfig(10, "0.1")).hasMessageContaining("10%");
    }
}
