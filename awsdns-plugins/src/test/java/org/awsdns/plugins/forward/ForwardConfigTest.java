package org.awsdns.plugins.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardConfigTest {

    @Test
    void fillsDefaults() {
        ForwardConfig config = new ForwardConfig(List.of("10.0.0.2"), null, null, null, null, null, null, null, null, null, null);

        assertThat(config.policy()).isEqualTo("sequential");
        assertThat(config.fallthrough()).isEmpty();
        assertThat(config.except()).isEmpty();
        assertThat(config.forceTcp()).isFalse();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.deadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxFails()).isEqualTo(2);
        assertThat(config.maxConcurrent()).isEqualTo(1000);
        assertThat(config.udpSize()).isEqualTo(1232);
    }

    @Test
    void parsesIpv4AndIpv6LiteralsWithAndWithoutPorts() {
        assertThat(ForwardConfig.parseAddress("10.0.0.2")).isEqualTo(new InetSocketAddress("10.0.0.2", 53));
        assertThat(ForwardConfig.parseAddress("10.0.0.2:5353")).isEqualTo(new InetSocketAddress("10.0.0.2", 5353));
        assertThat(ForwardConfig.parseAddress("[fd00:ec2::253]:53")).isEqualTo(new InetSocketAddress("fd00:ec2::253", 53));
        assertThat(ForwardConfig.parseAddress("[fd00:ec2::253]")).isEqualTo(new InetSocketAddress("fd00:ec2::253", 53));
        assertThat(ForwardConfig.parseAddress("fd00:ec2::253")).isEqualTo(new InetSocketAddress("fd00:ec2::253", 53));
    }

    @Test
    void refusesHostNamesAndBadPorts() {
        assertThatThrownBy(() -> ForwardConfig.parseAddress("dns.google:53")).hasMessageContaining("not an IP literal");
        assertThatThrownBy(() -> ForwardConfig.parseAddress("10.0.0.256")).hasMessageContaining("not an IP literal");
        assertThatThrownBy(() -> ForwardConfig.parseAddress("10.0.0.2:0")).hasMessageContaining("port");
        assertThatThrownBy(() -> ForwardConfig.parseAddress("[fd00::1]x")).hasMessageContaining("':port'");
    }

    @Test
    void namesTheKnownOptionsOfAnUnknownValue() {
        assertThatThrownBy(() -> new ForwardConfig(List.of("10.0.0.2"), "fastest", null, null, null, null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown policy [fastest], known options [sequential, random, round_robin]");
        assertThatThrownBy(() -> new ForwardConfig(List.of("10.0.0.2"), null, List.of("SERVFAIL"), null, null, null, null, null, null, null, null))
                .hasMessage("unknown fallthrough [SERVFAIL], known options [NXDOMAIN, NODATA]");
    }

    @Test
    void rejectsInconsistentLimits() {
        assertThatThrownBy(() -> new ForwardConfig(List.of(), null, null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("at least one upstream");
        assertThatThrownBy(() -> new ForwardConfig(List.of("10.0.0.2"), null, null, null, null, Duration.ofSeconds(3), Duration.ofSeconds(1), null, null, null, null))
                .hasMessageContaining("deadline");
        assertThatThrownBy(() -> new ForwardConfig(List.of("10.0.0.2"), null, null, null, null, null, null, null, null, 0, null))
                .hasMessageContaining("max_concurrent");
    }
}
