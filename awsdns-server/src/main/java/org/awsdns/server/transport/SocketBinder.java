package org.awsdns.server.transport;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds the sockets of one listen address: {@code udpSockets} UDP sockets sharing the port with
 * SO_REUSEPORT, then a TCP socket on the same port, so one address serves both. With port 0 the
 * kernel picks the UDP port, which TCP may find taken: then it tries again with a new port.
 */
final class SocketBinder {
    private static final int ATTEMPTS = 5;
    private static final int TCP_BACKLOG = 1024;
    /** Room for bursts while a reader thread is busy; the kernel caps it at net.core.rmem_max. */
    private static final int UDP_RECEIVE_BUFFER = 1 << 20;

    /** The sockets of one address. */
    record BoundSockets(InetSocketAddress address, List<DatagramChannel> udp, ServerSocketChannel tcp) {}

    private SocketBinder() {}

    static BoundSockets bind(InetSocketAddress address, int udpSockets) throws IOException {
        if (address.isUnresolved()) {
            throw new IOException("listen address " + address + " is not an IP address");
        }
        for (int attempt = 1; ; attempt++) {
            List<DatagramChannel> udp = new ArrayList<>();
            try {
                DatagramChannel first = openUdp(address);
                udp.add(first);
                InetSocketAddress bound = new InetSocketAddress(
                        address.getAddress(), ((InetSocketAddress) first.getLocalAddress()).getPort());
                if (first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                    for (int i = 1; i < udpSockets; i++) {
                        udp.add(openUdp(bound));
                    }
                }
                ServerSocketChannel tcp = ServerSocketChannel.open(family(address));
                try {
                    tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    tcp.bind(bound, TCP_BACKLOG);
                } catch (IOException e) {
                    tcp.close();
                    throw e;
                }
                return new BoundSockets(bound, List.copyOf(udp), tcp);
            } catch (BindException e) {
                closeAll(udp);
                if (address.getPort() != 0 || attempt == ATTEMPTS) {
                    throw bindFailure(address, e);
                }
            } catch (IOException | RuntimeException e) {
                closeAll(udp);
                throw bindFailure(address, e);
            }
        }
    }

    private static DatagramChannel openUdp(InetSocketAddress address) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family(address));
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, UDP_RECEIVE_BUFFER);
            if (channel.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(address);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static ProtocolFamily family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static IOException bindFailure(InetSocketAddress address, Exception cause) {
        return new ListenException(address, cause);
    }

    static void closeAll(List<DatagramChannel> channels) {
        for (DatagramChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing what failed to bind: nothing more to do
            }
        }
    }
}
