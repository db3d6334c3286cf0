package org.awsdns.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.awsdns.server.config.ConfigException;
import org.awsdns.server.transport.ListenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Addresses that cannot be bound are reported once, with the config key and line, and what to do. */
class ListenErrorsTest {
    @TempDir
    Path work;

    @Test
    void aDnsPortInUseNamesTheKeyItsLineAndTheAddressOnce() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Path config = Files.writeString(work.resolve("awsdns.yaml"), """
                    servers:
                      - listen: ["%s"]
                        plugins:
                          - hosts: {entries: ["10.0.0.1 a.test"]}
                    """.formatted(address));

            assertThatThrownBy(() -> AwsdnsServer.builder().configFile(config).start())
                    .isInstanceOf(ConfigException.class)
                    .message()
                    .startsWith(config + ":2:14: servers[0].listen[0]: cannot listen on " + address
                            + ": the address is already in use by another process")
                    .satisfies(message -> assertThat(message.split(java.util.regex.Pattern.quote(address), -1)).hasSize(2));
        }
    }

    @Test
    void anHttpPortInUseNamesMetricsListen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Path config = Files.writeString(work.resolve("awsdns.yaml"), """
                    metrics: {listen: "%s"}
                    servers:
                      - listen: ["127.0.0.1:0"]
                        plugins:
                          - hosts: {entries: ["10.0.0.1 a.test"]}
                    """.formatted(address));

            assertThatThrownBy(() -> AwsdnsServer.builder().configFile(config).start())
                    .isInstanceOf(ConfigException.class)
                    .message()
                    .startsWith(config + ":1:11: metrics.listen: cannot listen on " + address
                            + ": the address is already in use by another process");
        }
    }

    @Test
    void permissionDeniedBelow1024NamesTheCapabilityAndTheSystemdUnit() throws Exception {
        InetSocketAddress port53 = new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 53);

        String message = ListenErrors.describe(new ListenException(port53, new BindException("Permission denied")));

        assertThat(message).startsWith("cannot listen on 0.0.0.0:53: permission denied: ")
                .contains("CAP_NET_BIND_SERVICE").contains("examples/systemd/awsdns.service");
        assertThat(ListenErrors.describe(new ListenException(
                new InetSocketAddress(InetAddress.getByName("::1"), 5353), new BindException("Cannot assign requested address"))))
                .isEqualTo("cannot listen on [::1]:5353: no network interface of this machine has the address ::1;"
                        + " listen on one of its addresses, or 0.0.0.0");
    }
}
