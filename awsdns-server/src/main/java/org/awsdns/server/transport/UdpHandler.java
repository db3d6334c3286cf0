package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.awsdns.core.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the datagrams of one UDP socket on its event loop: each packet goes through the query
 * path, and the replies known at once are written and flushed once per read batch, so that on
 * epoll a batch of queries read with one {@code recvmmsg} is answered with one {@code sendmmsg}.
 * A reply completed on another thread is written from this socket's event loop.
 */
final class UdpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(UdpHandler.class);

    private final QueryProcessor processor;
    private final Listener listener;
    private final Runnable flushLate = this::flushLate;
    private Channel channel;
    private boolean unflushed;
    private boolean lateFlushQueued;

    UdpHandler(QueryProcessor processor, Listener listener) {
        this.processor = requireNonNull(processor, "processor is null");
        this.listener = requireNonNull(listener, "listener is null");
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] packet;
        InetSocketAddress client;
        DatagramPacket datagram = (DatagramPacket) msg;
        try {
            packet = ByteBufUtil.getBytes(datagram.content());
            client = datagram.sender();
        } finally {
            datagram.release();
        }
        Outcome outcome = processor.process(packet, client, listener.endpoint(), Transport.UDP);
        if (outcome instanceof Outcome.Reply reply) {
            // copied into the datagram's buffer now: the reply may be lent (Outcome.Reply)
            ctx.write(datagram(channel, reply, client), ctx.voidPromise());
            unflushed = true;
        } else if (outcome instanceof Outcome.Pending pending) {
            pending.completion().thenAccept(late -> writeLate(late, client));
        }
        // NO_REPLY: nothing to send
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    /** Writes a reply completed after its read batch, on the socket's event loop. */
    private void writeLate(Outcome outcome, InetSocketAddress client) {
        if (!(outcome instanceof Outcome.Reply reply)) {
            return;
        }
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            writeLateOnLoop(reply, client);
        } else {
            loop.execute(() -> writeLateOnLoop(reply, client));
        }
    }

    /**
     * Late replies that complete together (an upstream's answers read in one batch) are flushed
     * together too: the flush runs once the loop's queued tasks are done, so they share a sendmmsg.
     */
    private void writeLateOnLoop(Outcome.Reply reply, InetSocketAddress client) {
        channel.write(datagram(channel, reply, client), channel.voidPromise());
        if (!lateFlushQueued) {
            lateFlushQueued = true;
            channel.eventLoop().execute(flushLate);
        }
    }

    private void flushLate() {
        lateFlushQueued = false;
        channel.flush();
    }

    private static DatagramPacket datagram(Channel channel, Outcome.Reply reply, InetSocketAddress client) {
        ByteBuf buffer = channel.alloc().directBuffer(reply.length()).writeBytes(reply.wire(), 0, reply.length());
        return new DatagramPacket(buffer, client);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a failed send (ICMP errors, a full socket buffer) costs one reply, never the socket
        if (log.isDebugEnabled()) {
            log.debug("UDP on {}: {}", listener.endpoint().local(), cause.toString());
        }
    }
}
