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
 * SO_REUSEPORT, then a TCP socket on the same port, so one address serves both. A port some other
 * socket holds is refused, even one that would share it. With port 0 the kernel picks the port,
 * for one exclusive UDP socket (a shared one could land on another process's port), which TCP may
 * find taken: then it tries again with a new port.
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
                InetSocketAddress bound;
                if (address.getPort() == 0) {
                    // Linux may hand a port-0 SO_REUSEPORT socket a port another such socket of the
                    // same user holds; the two would then split the queries. One exclusive socket.
                    udp.add(openUdp(address, false));
                    bound = new InetSocketAddress(
                            address.getAddress(), ((InetSocketAddress) udp.get(0).getLocalAddress()).getPort());
                } else {
                    bound = address;
                    checkUnused(address); // SO_REUSEPORT would otherwise join a running server's socket
                    boolean shared = udpSockets > 1 && supportsReusePort(address);
                    for (int i = 0; i < (shared ? udpSockets : 1); i++) {
                        udp.add(openUdp(bound, shared));
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

    /** Fails with a BindException when any socket, shared or not, holds the UDP port of {@code address}. */
    private static void checkUnused(InetSocketAddress address) throws IOException {
        openUdp(address, false).close();
    }

    private static boolean supportsReusePort(InetSocketAddress address) throws IOException {
        try (DatagramChannel probe = DatagramChannel.open(family(address))) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        }
    }

    /** A UDP socket on {@code address}; a shared one (SO_REUSEPORT) lets this server's other readers bind the same port. */
    private static DatagramChannel openUdp(InetSocketAddress address, boolean shared) throws IOException {
        DatagramChannel channel = DatagramChannel.open(family(address));
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, UDP_RECEIVE_BUFFER);
            if (shared) {
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
