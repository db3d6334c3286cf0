package org.awsdns.server.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import org.awsdns.server.cli.AwsdnsServer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * No other socket shares the server's UDP port. Linux lets SO_REUSEPORT sockets of one user share
 * a port, and hands a port-0 one a port such a socket already holds: found by SocketFuzzTest on a
 * machine where other test runs bound ports, when half its queries went to another process.
 */
class UdpPortTest {

    @Test
    void aSocketThatWouldShareTheServersPortCannotBind() throws IOException {
        try (AwsdnsServer server = Servers.start("{udp_threads: 2}")) {
            InetSocketAddress dns = Servers.dns(server);

            assertThatThrownBy(() -> sharedSocket(dns).close()).isInstanceOf(BindException.class);

            try (DatagramSocket socket = Wire.udpSocket()) {
                Message reply = new Message(Wire.udpExchange(socket, dns, Wire.query(1, Servers.NAME)));
                assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
            }
        }
    }

    @Test
    void aPortAnotherSocketSharesIsRefusedAtStart() throws IOException {
        try (DatagramChannel other = sharedSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = ((InetSocketAddress) other.getLocalAddress()).getPort();

            assertThatThrownBy(() -> AwsdnsServer.fromYaml("""
                    transport: {udp_threads: 2}
                    servers:
                      - listen: ["127.0.0.1:%d"]
                        plugins: [log]
                    """.formatted(port)).close())
                    .hasStackTraceContaining("cannot listen on");
        }
    }

    private static DatagramChannel sharedSocket(InetSocketAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            channel.bind(address);
            return channel;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }
}
