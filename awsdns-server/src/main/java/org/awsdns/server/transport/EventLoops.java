package org.awsdns.server.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.util.concurrent.TimeUnit;

/**
 * The listeners' I/O threads: one Netty event loop group of {@code udp_threads} loops, native
 * epoll or NIO, serving every UDP socket and TCP connection. Knows how each mode opens its
 * channels and which socket options it takes.
 *
 * <p>UDP on epoll reads with {@code recvmmsg}: {@link EpollChannelOption#MAX_DATAGRAM_PAYLOAD_SIZE}
 * set and a receive buffer of {@link #DATAGRAMS_PER_READ} such datagrams make each read call fill
 * up to that many packets. The threads are not daemons: a started server keeps the JVM alive.
 */
final class EventLoops {
    /** The largest query datagram read whole; a longer one is cut (and answered FORMERR). */
    static final int MAX_QUERY_DATAGRAM = ServerSettings.MAX_UDP_SIZE;
    static final int DATAGRAMS_PER_READ = 16;
    /** Room for bursts while a loop is busy; the kernel caps it at net.core.rmem_max. */
    private static final int UDP_RECEIVE_BUFFER = 1 << 20;
    private static final int TCP_BACKLOG = 1024;

    private final IoMode mode;
    private final MultiThreadIoEventLoopGroup group;

    private EventLoops(IoMode mode, MultiThreadIoEventLoopGroup group) {
        this.mode = mode;
        this.group = group;
    }

    /**
     * Starts {@code threads} event loops of {@code requested} mode.
     *
     * @throws IOException when epoll was asked for and does not load here
     */
    static EventLoops start(IoMode requested, int threads) throws IOException {
        IoMode mode = requested.resolve();
        if (mode == IoMode.EPOLL && !Epoll.isAvailable()) {
            throw new IOException("transport.io is epoll, but native epoll does not load here: "
                    + IoMode.epollUnavailableReason() + " (use io: auto or nio)");
        }
        IoHandlerFactory handlers = mode == IoMode.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        DefaultThreadFactory threadFactory = new DefaultThreadFactory("awsdns-io", false);
        return new EventLoops(mode, new MultiThreadIoEventLoopGroup(threads, threadFactory, handlers));
    }

    IoMode mode() {
        return mode;
    }

    EventLoopGroup group() {
        return group;
    }

    /** How many loops, hence UDP sockets per address. */
    int size() {
        return group.executorCount();
    }

    /**
     * A UDP bootstrap, batched reads on epoll; {@code shared}: SO_REUSEPORT, so each loop has its
     * own socket on the address.
     */
    Bootstrap udp(boolean shared) {
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER)
                .option(ChannelOption.AUTO_READ, false) // reading starts once the endpoint is known
                // a send that fails (a reply the kernel refuses) costs that reply, never the socket:
                // Netty closes a channel on a write's IOException unless told not to
                .option(ChannelOption.AUTO_CLOSE, false);
        if (mode == IoMode.EPOLL) {
            bootstrap.channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.SO_REUSEPORT, shared)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_QUERY_DATAGRAM)
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(MAX_QUERY_DATAGRAM * DATAGRAMS_PER_READ));
        } else {
            bootstrap.channel(NioDatagramChannel.class)
                    .option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), shared)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_QUERY_DATAGRAM));
        }
        return bootstrap;
    }

    /** A TCP server bootstrap; connections are served by the same loops. */
    ServerBootstrap tcp() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(mode == IoMode.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, TCP_BACKLOG)
                .option(ChannelOption.AUTO_READ, false) // accepting starts once the endpoint is known
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        return bootstrap;
    }

    /** Stops the loops once their queued tasks (late replies among them) ran, waiting up to {@code waitMillis}. */
    void shutdown(long waitMillis) {
        group.shutdownGracefully(0, waitMillis, TimeUnit.MILLISECONDS).awaitUninterruptibly(waitMillis + 500);
    }
}
