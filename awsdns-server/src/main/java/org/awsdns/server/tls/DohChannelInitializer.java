package org.awsdns.server.tls;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
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

/**
 * The pipeline of a DNS over HTTPS connection after TLS: HTTP/2 or HTTP/1.1, as ALPN chose.
 * HTTP/2 streams are a connection's pipelined queries, capped at {@code maxStreams}.
 */
public final class DohChannelInitializer {
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

    /** Adds, after the TLS handler already in {@code channel}'s pipeline, the handler that picks the HTTP version. */
    public void addHttp(Channel channel) {
        channel.pipeline().addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
            @Override
            protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
                if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                    addHttp2(ctx.channel());
                } else if (ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
                    addHttp1(ctx.channel());
                } else {
                    ctx.close();
                }
            }
        });
    }

    private void addHttp1(Channel channel) {
        channel.pipeline().addLast(
                new HttpServerCodec(),
                new HttpObjectAggregator(DohHandler.MAX_MESSAGE),
                new DohHandler(path, exchange, false));
    }

    private void addHttp2(Channel channel) {
        channel.pipeline().addLast(
                Http2FrameCodecBuilder.forServer()
                        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(maxStreams))
                        .build(),
                new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        stream.pipeline().addLast(
                                new Http2StreamFrameToHttpObjectCodec(true),
                                new HttpObjectAggregator(DohHandler.MAX_MESSAGE),
                                new DohHandler(path, exchange, true));
                    }
                }));
    }
}
