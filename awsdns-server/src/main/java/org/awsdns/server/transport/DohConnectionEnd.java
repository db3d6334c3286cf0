package org.awsdns.server.transport;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a DNS over HTTPS connection: ends it when it is idle, evicted, drained,
 * or failed (a TLS handshake that did not complete, a reset, a broken HTTP message), and
 * releases its slot in the {@link ConnectionTable} with the reason, as {@link TcpConnection}
 * does for TCP and DNS over TLS. Whatever a client sends, nothing it causes is logged above
 * DEBUG: a failure here is the client's, and it is counted.
 */
final class DohConnectionEnd extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(DohConnectionEnd.class);

    private final ConnectionTable.Slot slot;

    DohConnectionEnd(ConnectionTable.Slot slot) {
        this.slot = requireNonNull(slot, "slot is null");
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            close(ctx, ConnectionEnd.IDLE);
        } else if (event == TcpConnections.EVICT) {
            close(ctx, ConnectionEnd.EVICTED);
        } else if (event == TcpConnections.DRAIN) {
            close(ctx, ConnectionEnd.SHUTDOWN);
        } else if (event instanceof SslHandshakeCompletionEvent handshake && !handshake.isSuccess()) {
            log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), handshake.cause().toString());
            close(ctx, ConnectionEnd.TLS_HANDSHAKE);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (log.isDebugEnabled()) {
            log.debug("connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        if (cause instanceof Http2Exception) {
            // the HTTP/2 codec answers its own errors: RST_STREAM for a stream's, GOAWAY then
            // close for the connection's; closing here would cut the GOAWAY off
            return;
        }
        close(ctx, TcpConnections.failure(ctx.channel()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        slot.release(ConnectionEnd.CLIENT_CLOSED); // unless it ended for a reason given before
        ctx.fireChannelInactive();
    }

    private void close(ChannelHandlerContext ctx, ConnectionEnd reason) {
        slot.release(reason);
        ctx.close();
    }
}
