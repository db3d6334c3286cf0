package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TCP connections of every listen address: admits each accepted connection within
 * {@code max_tcp_connections} (closing it at once above), sets it up as a {@link TcpConnection},
 * and drains or closes them all at shutdown.
 */
final class TcpConnections {
    /** The user event that tells a connection to stop reading and close once its replies are out. */
    static final Object DRAIN = new Object();

    private final QueryProcessor processor;
    private final TransportMetrics metrics;
    private final int maxConnections;
    private final int maxPipelined;
    private final long idleNanos;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelGroup channels = new DefaultChannelGroup("awsdns-tcp", GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;

    TcpConnections(ServerSettings settings, QueryProcessor processor, TransportMetrics metrics) {
        this.processor = requireNonNull(processor, "processor is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.maxConnections = settings.maxTcpConnections();
        this.maxPipelined = settings.maxTcpPipelined();
        this.idleNanos = settings.tcpIdleTimeout().toNanos();
    }

    /** Sets up the connections accepted on {@code listener}. */
    ChannelHandler initializer(Listener listener) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                if (!admit(channel)) {
                    return;
                }
                channel.pipeline().addLast(new TcpConnection(TcpConnections.this, processor, listener.endpoint(),
                        maxPipelined, idleNanos));
            }
        };
    }

    private boolean admit(Channel channel) {
        if (draining) {
            channel.close();
            return false;
        }
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            metrics.tcpConnectionRefused();
            channel.close();
            return false;
        }
        metrics.tcpConnectionAccepted();
        channels.add(channel);
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }

    int open() {
        return open.get();
    }

    boolean draining() {
        return draining;
    }

    /** Connections stop reading and close once the replies of the queries they started are written. */
    void drain() {
        draining = true;
        for (Channel channel : channels) {
            channel.pipeline().fireUserEventTriggered(DRAIN);
        }
    }

    /** Waits up to {@code millis} for every connection to close. */
    boolean awaitClosed(long millis) {
        return channels.newCloseFuture().awaitUninterruptibly(millis, TimeUnit.MILLISECONDS);
    }

    void closeAll() {
        channels.close().awaitUninterruptibly();
    }
}
