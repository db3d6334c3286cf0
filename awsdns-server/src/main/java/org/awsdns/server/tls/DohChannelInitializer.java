package org.awsdns.server.tls;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of a DNS over HTTPS connection after TLS: HTTP/2 or HTTP/1.1, as ALPN chose.
 * HTTP/2 streams are a connection's pipelined queries, capped at {@code maxStreams}.
 */
public final class DohChannelInitializer {
    private static final Logger log = LoggerFactory.getLogger(DohChannelInitializer.class);
    /** What DoH offers in ALPN, most preferred first. */
    public static final List<String> ALPN = List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);

    private final String path;
    private final DnsExchange exchange;
    private final int maxStreams;

    public DohChannelInitializer(String path, DnsExchange exchange, int maxStreams) {
        this.path = requireNonNull(path, "path is null");
        this.exchange = requireNonNull(exchange, "exchange is null");
        this.maxStreams = maxStreams;
    }

    /**
     * Adds, after the TLS handler already in {@code channel}'s pipeline, the handler that picks
     * the HTTP version; the HTTP handlers take its place, so handlers added after it stay last.
     * A failed handshake and any other failure go on down the pipeline, unlogged here, for the
     * pipeline's last handler to close the connection and count why.
     */
    public void addHttp(Channel channel) {
        channel.pipeline().addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
            @Override
            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                    insertAfter(ctx, http2());
                } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
                    insertAfter(ctx, http1());
                } else {
                    ctx.close();
                }
            }

            @Override
            protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
                // Netty's default logs a client's failed handshake at WARN; the completion event
                // that carries it goes on to the end of the pipeline
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                ctx.fireExceptionCaught(cause);
            }
        });
    }

    private static void insertAfter(ChannelHandlerContext ctx, ChannelHandler... handlers) {
        ChannelPipeline pipeline = ctx.pipeline();
        String previous = ctx.name();
        for (ChannelHandler handler : handlers) {
            pipeline.addAfter(previous, null, handler);
            previous = pipeline.context(handler).name();
        }
    }

    private ChannelHandler[] http1() {
        return new ChannelHandler[] {
            new HttpServerCodec(),
            new HttpObjectAggregator(DohHandler.MAX_MESSAGE),
            new DohHandler(path, exchange, false)
        };
    }

    private ChannelHandler[] http2() {
        return new ChannelHandler[] {
            Http2FrameCodecBuilder.forServer()
                    .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(maxStreams))
                    .build(),
            new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                @Override
                protected void initChannel(Http2StreamChannel stream) {
                    stream.pipeline().addLast(
                            new Http2StreamFrameToHttpObjectCodec(true),
                            new HttpObjectAggregator(DohHandler.MAX_MESSAGE),
                            new DohHandler(path, exchange, true),
                            StreamFailure.INSTANCE);
                }
            })
        };
    }

    /**
     * The last handler of an HTTP/2 stream: a failure there (the client reset the stream, sent
     * a frame it may not, left) ends the stream, not the connection, and is the client's doing.
     */
    @ChannelHandler.Sharable
    private static final class StreamFailure extends ChannelInboundHandlerAdapter {
        static final StreamFailure INSTANCE = new StreamFailure();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (log.isDebugEnabled()) {
                log.debug("HTTP/2 stream from {}: {}", ctx.channel().parent().remoteAddress(), cause.toString());
            }
            ctx.close();
        }
    }
}
