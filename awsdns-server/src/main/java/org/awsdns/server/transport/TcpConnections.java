package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import org.awsdns.core.Transport;
import org.awsdns.server.tls.DnsExchange;
import org.awsdns.server.tls.DohChannelInitializer;

/**
 * The TCP connections of every listen address, plain or behind TLS (DNS over TLS and HTTPS): admits each accepted connection through the
 * {@link ConnectionTable} (per-client limit, {@code max_tcp_connections}, the longest-idle
 * connection evicted before a new one is refused), sets it up as a {@link TcpConnection}, and
 * drains or closes them all at shutdown.
 */
final class TcpConnections {
    /** The user event that tells a connection to stop reading and close once its replies are out. */
    static final Object DRAIN = new Object();
    /** The user event that tells a connection the table took its slot back for a newer one. */
    static final Object EVICT = new Object();
    private static final AttributeKey<ConnectionTable.Slot> SLOT = AttributeKey.valueOf(TcpConnections.class, "slot");

    private final QueryProcessor processor;
    private final TransportMetrics metrics;
    private final ConnectionTable table;
    private final int maxPipelined;
    private final long idleNanos;
    /** TLS handshakes' expensive steps run here, off the event loops that serve everyone's queries. */
    private final ExecutorService handshakes = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "awsdns-tls-handshakes");
        thread.setDaemon(true);
        return thread;
    });
    private final ChannelGroup channels = new DefaultChannelGroup("awsdns-tcp", GlobalEventExecutor.INSTANCE);
    private volatile boolean draining;

    TcpConnections(ServerSettings settings, QueryProcessor processor, TransportMetrics metrics) {
        this.processor = requireNonNull(processor, "processor is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.table = new ConnectionTable(ConnectionLimits.tcp(settings), metrics.tcpConnections());
        this.maxPipelined = settings.maxTcpPipelined();
        this.idleNanos = settings.tcpIdleTimeout().toNanos();
    }

    /**
     * Admits each connection the listening socket accepts, on its thread and in accept order (so
     * the table's idle order is the clients' order), before the connection reaches its event loop.
     */
    ChannelHandler acceptor() {
        return new Acceptor();
    }

    /** Sets up the connections accepted on {@code listener} and admitted by {@link #acceptor()}. */
    ChannelHandler initializer(Listener listener) {
        return new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                ConnectionTable.Slot slot = channel.attr(SLOT).getAndSet(null);
                if (slot == null) {
                    channel.close();
                    return;
                }
                SecureListen secure = secure(listener);
                if (secure == null) {
                    channel.pipeline().addLast(new TcpConnection(TcpConnections.this, slot, processor,
                            listener.endpoint(), maxPipelined, idleNanos, Transport.TCP));
                    return;
                }
                secure.tls().reloadIfDue();
                channel.pipeline().addLast("tls", secure.tls().newHandler(channel.alloc(), handshakes));
                if (secure.https()) {
                    channel.pipeline().addLast(new IdleStateHandler(0, 0, idleNanos, TimeUnit.NANOSECONDS));
                    new DohChannelInitializer(secure.path(), busyWhileAnswering(exchange(listener), slot, channel),
                            maxPipelined).addHttp(channel);
                    channel.pipeline().addLast(new DohConnectionEnd(slot)); // stays last: HTTP goes in before it
                } else {
                    channel.pipeline().addLast(new TcpConnection(TcpConnections.this, slot, processor,
                            listener.endpoint(), maxPipelined, idleNanos, Transport.TLS));
                }
            }
        };
    }

    /** The current generation's TLS settings of {@code listener}, or those it was bound with. */
    private SecureListen secure(Listener listener) {
        SecureListen current = processor.current().secure(listener.configured());
        return current != null ? current : listener.secure();
    }

    /** The query path as DNS over HTTPS sees it: a query's bytes in, its reply's bytes (or none) out. */
    private DnsExchange exchange(Listener listener) {
        return (query, client) -> replyOf(processor.process(query, client, listener.endpoint(), Transport.HTTPS));
    }

    /**
     * {@code exchange} for one DNS over HTTPS connection, whose slot is active (not evictable)
     * while any of its queries is being answered, as a TCP connection's is. Queries start on the
     * connection's event loop, and the count is kept there.
     */
    private static DnsExchange busyWhileAnswering(DnsExchange exchange, ConnectionTable.Slot slot, Channel channel) {
        int[] inFlight = new int[1];
        Runnable answered = () -> {
            if (--inFlight[0] == 0) {
                slot.markIdle();
            }
        };
        return (query, client) -> {
            if (inFlight[0]++ == 0) {
                slot.markActive();
            }
            CompletableFuture<byte[]> reply = exchange.exchange(query, client).toCompletableFuture();
            if (reply.isDone()) {
                answered.run();
                return reply;
            }
            return reply.whenCompleteAsync((bytes, error) -> answered.run(), channel.eventLoop());
        };
    }

    private static CompletableFuture<byte[]> replyOf(Outcome outcome) {
        if (outcome instanceof Outcome.Reply reply) {
            return CompletableFuture.completedFuture(reply.bytes()); // not lent on: the exchange keeps it
        }
        if (outcome instanceof Outcome.Pending pending) {
            return pending.completion().thenCompose(TcpConnections::replyOf);
        }
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Why a connection that failed ended: {@link ConnectionEnd#TLS_HANDSHAKE} while its TLS
     * handshake is not done, {@link ConnectionEnd#ERROR} otherwise (or without TLS).
     */
    static ConnectionEnd failure(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        return tls != null && !tls.handshakeFuture().isSuccess() ? ConnectionEnd.TLS_HANDSHAKE : ConnectionEnd.ERROR;
    }

    /** The connection's slot in the table, or null when it is refused (and closed). */
    private ConnectionTable.Slot admit(Channel channel) {
        if (draining) {
            channel.unsafe().closeForcibly();
            return null;
        }
        InetSocketAddress client = (InetSocketAddress) channel.remoteAddress();
        ConnectionTable.Slot slot = client == null ? null : table.register(client.getAddress(), () -> evict(channel));
        if (slot == null) {
            metrics.tcpConnectionRefused();
            channel.unsafe().closeForcibly(); // not registered with a loop yet
            return null;
        }
        metrics.tcpConnectionAccepted();
        channels.add(channel);
        // every way a connection ends releases its slot; the first reason given counts
        channel.closeFuture().addListener(closed -> slot.release(ConnectionEnd.ERROR));
        return slot;
    }

    /** The table took {@code channel}'s slot back for a newer connection: it closes on its own loop. */
    private static void evict(Channel channel) {
        if (channel.isRegistered()) {
            channel.pipeline().fireUserEventTriggered(EVICT);
        } else {
            // admitted, not yet on its loop: closing it now would make Netty's acceptor fail to
            // register it and log that at WARN; without its slot the initializer closes it instead
            channel.attr(SLOT).set(null);
        }
    }

    /** In the listening socket's pipeline: admits or refuses each accepted connection. */
    @ChannelHandler.Sharable
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel child = (Channel) msg;
            ConnectionTable.Slot slot = admit(child);
            if (slot != null) {
                child.attr(SLOT).set(slot);
                ctx.fireChannelRead(child);
            }
        }
    }

    int open() {
        return table.open();
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
        handshakes.shutdownNow();
    }
}
