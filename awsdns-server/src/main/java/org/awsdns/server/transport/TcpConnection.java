package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.awsdns.core.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client TCP connection (RFC 7766), or a DNS over TLS one behind its TLS handler (RFC 7858): reads length-prefixed queries, runs up to
 * {@code maxPipelined} of them at once (replies may leave out of order), writes each reply with
 * its length prefix, and closes after {@code idle} without a query and with none pending.
 *
 * <p>Every field is touched only on the connection's event loop; replies completed elsewhere are
 * handed to it.
 */
final class TcpConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
    private static final int LENGTH_PREFIX = 2;

    private final TcpConnections connections;
    private final ConnectionTable.Slot slot;
    private final QueryProcessor processor;
    private final ListenEndpoint endpoint;
    private final int maxPipelined;
    private final long idleNanos;
    private final Transport transport;
    private ChannelHandlerContext ctx;
    private InetSocketAddress client;
    private ByteBuf in;
    private int inFlight;
    private long lastActivityNanos;
    private boolean inputClosed;
    private boolean draining;
    private boolean reading;
    private boolean unflushed;
    private boolean closed;
    private ScheduledFuture<?> idleCheck;
    /** Whether the table was last told this connection has work (and cannot be evicted). */
    private boolean active;
    /** The activity last told to the table as idle, so a busy connection moves to the idle list's end. */
    private long idleMarkedAt;

    TcpConnection(TcpConnections connections, ConnectionTable.Slot slot, QueryProcessor processor,
            ListenEndpoint endpoint, int maxPipelined, long idleNanos, Transport transport) {
        this.connections = requireNonNull(connections, "connections is null");
        this.slot = requireNonNull(slot, "slot is null");
        this.processor = requireNonNull(processor, "processor is null");
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.maxPipelined = maxPipelined;
        this.idleNanos = idleNanos;
        this.transport = requireNonNull(transport, "transport is null");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.client = (InetSocketAddress) ctx.channel().remoteAddress();
        this.lastActivityNanos = System.nanoTime();
        this.idleMarkedAt = lastActivityNanos;
        this.idleCheck = ctx.executor().schedule(this::checkIdle, idleNanos, TimeUnit.NANOSECONDS);
        this.draining = connections.draining();
        ctx.channel().config().setAutoRead(!draining);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf data = (ByteBuf) msg;
        if (closed) {
            data.release();
            return;
        }
        in = in == null ? data : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), in, data);
        readFrames();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushIfNeeded();
        updateReading();
    }

    /** Starts the queries whose frames are complete, as far as the pipelining cap allows. */
    private void readFrames() {
        if (reading || in == null) {
            return;
        }
        reading = true;
        try {
            while (!closed && !draining && inFlight < maxPipelined && in.readableBytes() >= LENGTH_PREFIX) {
                int length = in.getUnsignedShort(in.readerIndex());
                if (in.readableBytes() < LENGTH_PREFIX + length) {
                    break;
                }
                in.skipBytes(LENGTH_PREFIX);
                byte[] frame = new byte[length];
                in.readBytes(frame);
                inFlight++;
                lastActivityNanos = System.nanoTime();
                tellTable();
                act(processor.process(frame, client, endpoint, transport));
            }
        } finally {
            reading = false;
        }
        if (in != null) {
            if (!in.isReadable()) {
                in.release();
                in = null;
            } else {
                in.discardSomeReadBytes();
            }
        }
    }

    /** Acts on a query's outcome; a pending one comes back here on this connection's event loop. */
    private void act(Outcome outcome) {
        if (outcome instanceof Outcome.Pending pending) {
            EventLoop loop = ctx.channel().eventLoop();
            pending.completion().thenAccept(late -> {
                if (loop.inEventLoop()) {
                    actLate(late);
                } else {
                    loop.execute(() -> actLate(late));
                }
            });
            return;
        }
        inFlight--;
        if (closed) {
            return;
        }
        if (outcome instanceof Outcome.Reply reply) {
            // copied into the frame now: the reply may be lent (Outcome.Reply)
            ByteBuf framed = ctx.alloc().directBuffer(LENGTH_PREFIX + reply.length());
            framed.writeShort(reply.length()).writeBytes(reply.wire(), 0, reply.length());
            ctx.write(framed, ctx.voidPromise());
            unflushed = true;
            lastActivityNanos = System.nanoTime();
        }
        // NO_REPLY: a plugin's drop, or a frame that was not a query (counted, skipped: its
        // length prefix was sound, so the frames around it and their replies are not lost)
    }

    private void actLate(Outcome outcome) {
        act(outcome);
        if (closed) {
            return;
        }
        readFrames(); // frames held back by the pipelining cap may go now
        flushIfNeeded();
        updateReading();
    }

    private void flushIfNeeded() {
        if (unflushed && !closed) {
            unflushed = false;
            ctx.flush();
        }
    }

    /** Reads while there is room for queries and the client takes its replies; closes when nothing is left to do. */
    private void updateReading() {
        if (closed) {
            return;
        }
        boolean noMoreQueries = inputClosed || draining;
        if (noMoreQueries && inFlight == 0) {
            closeAfterWrites(inputClosed ? endOfInput() : ConnectionEnd.SHUTDOWN);
            return;
        }
        tellTable();
        boolean read = !noMoreQueries && inFlight < maxPipelined && ctx.channel().isWritable();
        ctx.channel().config().setAutoRead(read);
    }

    /** A stream that ended inside a frame had a broken length prefix. */
    private ConnectionEnd endOfInput() {
        return in != null && in.isReadable() ? ConnectionEnd.BAD_LENGTH : ConnectionEnd.CLIENT_CLOSED;
    }

    /**
     * Tells the connection table whether this connection has work: queries in flight or replies
     * the client has not taken make it active (never evicted); otherwise it is idle since its
     * last activity.
     */
    private void tellTable() {
        boolean idle = inFlight == 0 && ctx.channel().isWritable();
        if (!idle) {
            if (!active) {
                active = true;
                slot.markActive();
            }
        } else if (active || idleMarkedAt != lastActivityNanos) {
            active = false;
            idleMarkedAt = lastActivityNanos;
            slot.markIdle();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputClosed = true; // a half-read frame is dropped with the connection
            readFrames();
            flushIfNeeded();
            updateReading();
        } else if (event == TcpConnections.DRAIN) {
            draining = true;
            updateReading();
        } else if (event == TcpConnections.EVICT) {
            close(ConnectionEnd.EVICTED); // the table released the slot already
        } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            log.debug("TLS handshake with {} failed: {}", client, handshake.cause().toString());
            close(ConnectionEnd.TLS_HANDSHAKE);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        long quiet = System.nanoTime() - lastActivityNanos;
        if (inFlight == 0 && quiet >= idleNanos) {
            log.debug("closing idle connection from {}", client);
            close(ConnectionEnd.IDLE);
            return;
        }
        long next = inFlight == 0 ? idleNanos - quiet : idleNanos;
        idleCheck = ctx.executor().schedule(this::checkIdle, next, TimeUnit.NANOSECONDS);
    }

    private void closeAfterWrites(ConnectionEnd reason) {
        if (closed) {
            return;
        }
        closed = true;
        slot.release(reason);
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void close(ConnectionEnd reason) {
        if (!closed) {
            closed = true;
            slot.release(reason);
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closed) {
            // the client went away (a reset, or its FIN with half-closure refused by the socket)
            closed = true;
            slot.release(connections.draining() ? ConnectionEnd.SHUTDOWN : endOfInput());
        }
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        if (in != null) {
            in.release();
            in = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (log.isDebugEnabled()) {
            log.debug("connection from {}: {}", client, cause.toString());
        }
        close(TcpConnections.failure(ctx.channel()));
    }
}
