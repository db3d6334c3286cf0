package org.awsdns.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.awsdns.server.config.ListenAddress.Scheme;
import org.junit.jupiter.api.Test;

class ListenAddressTest {

    @Test
    void plainAddressesAreDns() {
        assertThat(ListenAddress.parse("127.0.0.1:5353"))
                .isEqualTo(new ListenAddress(Scheme.DNS, new InetSocketAddress("127.0.0.1", 5353), ""));
        assertThat(ListenAddress.parse("dns://[::1]:53").address()).isEqualTo(new InetSocketAddress("::1", 53));
    }

    @Test
    void tlsDefaultsToPort853() {
        assertThat(ListenAddress.parse("tls://0.0.0.0"))
                .isEqualTo(new ListenAddress(Scheme.TLS, new InetSocketAddress("0.0.0.0", 853), ""));
        assertThat(ListenAddress.parse("TLS://127.0.0.1:8853").address().getPort()).isEqualTo(8853);
    }

    @Test
    void httpsDefaultsToPort443AndDnsQueryPath() {
        assertThat(ListenAddress.parse("https://[::1]"))
                .isEqualTo(new ListenAddress(Scheme.HTTPS, new InetSocketAddress("::1", 443), "/dns-query"));
        assertThat(ListenAddress.parse("https://127.0.0.1:8443/resolve"))
                .isEqualTo(new ListenAddress(Scheme.HTTPS, new InetSocketAddress("127.0.0.1", 8443), "/resolve"));
        assertThat(ListenAddress.parse("https://127.0.0.1:8443/resolve").toString())
                .isEqualTo("https://127.0.0.1:8443/resolve");
    }

    @Test
    void refusesUnknownSchemesAndMisplacedPaths() {
        assertThatThrownBy(() -> ListenAddress.parse("quic://127.0.0.1:853"))
                .hasMessageContaining("unknown scheme").hasMessageContaining("tls://HOST:PORT");
        assertThatThrownBy(() -> ListenAddress.parse("tls://127.0.0.1:853/x"))
                .hasMessageContaining("only https:// takes a path");
        assertThatThrownBy(() -> ListenAddress.parse("https://127.0.0.1:443/q?x=1"))
                .hasMessageContaining("no query");
        assertThatThrownBy(() -> ListenAddress.parse("tls://example.com:853"))
                .hasMessageContaining("IP address");
    }
}
