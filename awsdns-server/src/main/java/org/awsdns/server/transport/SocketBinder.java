package org.awsdns.server.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the sockets of one listen address: one UDP socket per event loop sharing the port with
 * SO_REUSEPORT, then a TCP socket on the same port, so one address serves both. A port some other
 * socket holds is refused, even one that would share it. With port 0 the kernel picks the port,
 * for one exclusive UDP socket (a shared one could land on another process's port), which TCP may
 * find taken: then it tries again with a new port.
 */
final class SocketBinder {
    private static final Logger log = LoggerFactory.getLogger(SocketBinder.class);
    private static final int ATTEMPTS = 5;

    private SocketBinder() {}

    /**
     * Binds {@code listener}'s sockets; they do not read until {@link Listener#startReading()}.
     *
     * @param udpHandler a new handler for each UDP socket; null for a TCP-only (TLS, HTTPS) address
     * @param tcpAcceptor admits each accepted connection, on the listening socket's thread
     * @param tcpChild sets up each admitted connection
     * @throws IOException when the address cannot be bound; nothing stays bound then
     */
    static void bind(EventLoops loops, Listener listener, Supplier<ChannelHandler> udpHandler, ChannelHandler tcpAcceptor,
            ChannelHandler tcpChild) throws IOException {
        InetSocketAddress address = listener.configured();
        if (address.isUnresolved()) {
            throw new IOException("listen address " + address + " is not an IP address");
        }
        if (udpHandler == null) {
            bindTcpOnly(loops, listener, tcpAcceptor, tcpChild);
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                InetSocketAddress bound;
                if (address.getPort() == 0) {
                    // Linux may hand a port-0 SO_REUSEPORT socket a port another such socket of the
                    // same user holds; the two would then split the queries. One exclusive socket.
                    Channel only = bindUdp(loops, address, false, udpHandler.get());
                    listener.udp().add(only);
                    bound = new InetSocketAddress(
                            address.getAddress(), ((InetSocketAddress) only.localAddress()).getPort());
                } else {
                    bound = address;
                    checkUnused(address); // SO_REUSEPORT would otherwise join a running server's socket
                    boolean shared = loops.size() > 1;
                    for (int i = 0; i < (shared ? loops.size() : 1); i++) {
                        try {
                            listener.udp().add(bindUdp(loops, bound, shared, udpHandler.get()));
                        } catch (IOException e) {
                            if (listener.udp().isEmpty()) {
                                throw e;
                            }
                            // no SO_REUSEPORT here: the loops share fewer sockets
                            log.debug("only {} UDP sockets on {}: {}", listener.udp().size(), bound, e.toString());
                            break;
                        }
                    }
                }
                ServerBootstrap tcp = loops.tcp().handler(tcpAcceptor).childHandler(tcpChild);
                listener.tcp(await(tcp.bind(bound)));
                listener.bound(bound);
                return;
            } catch (IOException e) {
                listener.unbind();
                // epoll reports EADDRINUSE as a plain IOException, NIO as a BindException
                if (address.getPort() != 0 || attempt == ATTEMPTS) {
                    throw bindFailure(address, e);
                }
            } catch (RuntimeException e) {
                listener.unbind();
                throw bindFailure(address, e);
            }
        }
    }

    /** DNS over TLS or HTTPS: a TCP socket only; with port 0 the kernel's port is the listener's. */
    private static void bindTcpOnly(EventLoops loops, Listener listener, ChannelHandler tcpAcceptor, ChannelHandler tcpChild)
            throws IOException {
        InetSocketAddress address = listener.configured();
        try {
            Channel tcp = await(loops.tcp().handler(tcpAcceptor).childHandler(tcpChild).bind(address));
            listener.tcp(tcp);
            listener.bound(new InetSocketAddress(address.getAddress(), ((InetSocketAddress) tcp.localAddress()).getPort()));
        } catch (IOException | RuntimeException e) {
            listener.unbind();
            throw bindFailure(address, e);
        }
    }

    private static Channel bindUdp(EventLoops loops, InetSocketAddress address, boolean shared, ChannelHandler handler)
            throws IOException {
        Bootstrap udp = loops.udp(shared).handler(handler);
        return await(udp.bind(address));
    }

    /** Fails with a BindException when any socket, shared or not, holds the UDP port of {@code address}. */
    private static void checkUnused(InetSocketAddress address) throws IOException {
        ProtocolFamily family = address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET;
        try (DatagramChannel probe = DatagramChannel.open(family)) {
            probe.bind(address);
        }
    }

    private static Channel await(ChannelFuture future) throws IOException {
        future.awaitUninterruptibly();
        if (future.isSuccess()) {
            return future.channel();
        }
        Throwable cause = future.cause();
        if (cause instanceof IOException io) {
            throw io;
        }
        throw new IOException(String.valueOf(cause.getMessage()), cause);
    }

    private static IOException bindFailure(InetSocketAddress address, Exception cause) {
        return new ListenException(address, cause);
    }
}
