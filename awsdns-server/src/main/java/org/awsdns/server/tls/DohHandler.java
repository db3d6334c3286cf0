package org.awsdns.server.tls;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;

/**
 * RFC 8484 over one HTTP/1.1 connection or one HTTP/2 stream: GET with {@code ?dns=} (base64url)
 * and POST with an {@code application/dns-message} body, at one path. The reply carries
 * {@code cache-control: max-age} from its smallest TTL (§5.1).
 */
final class DohHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String DNS_MESSAGE = "application/dns-message";
    /** A DNS message over a stream is at most 65,535 bytes (RFC 1035 §4.2.2). */
    static final int MAX_MESSAGE = 65_535;

    private final String path;
    private final DnsExchange exchange;
    private final boolean http2;

    DohHandler(String path, DnsExchange exchange, boolean http2) {
        this.path = requireNonNull(path, "path is null");
        this.exchange = requireNonNull(exchange, "exchange is null");
        this.http2 = http2;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            // not HTTP (a bad request line, a header too long): what follows cannot be trusted either
            respondError(ctx, HttpResponseStatus.BAD_REQUEST, false);
            return;
        }
        boolean keepAlive = http2 || HttpUtil.isKeepAlive(request);
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String requestPath;
        try {
            requestPath = uri.path();
        } catch (IllegalArgumentException e) { // a broken %-escape
            respondError(ctx, HttpResponseStatus.BAD_REQUEST, keepAlive);
            return;
        }
        if (!requestPath.equals(path)) {
            respondError(ctx, HttpResponseStatus.NOT_FOUND, keepAlive);
            return;
        }
        byte[] query;
        if (request.method().equals(HttpMethod.GET)) {
            query = fromGet(uri);
        } else if (request.method().equals(HttpMethod.POST)) {
            if (!isDnsMessage(request)) {
                respondError(ctx, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, keepAlive);
                return;
            }
            query = ByteBufUtil.getBytes(request.content());
        } else {
            FullHttpResponse response = status(HttpResponseStatus.METHOD_NOT_ALLOWED);
            response.headers().set(HttpHeaderNames.ALLOW, "GET, POST");
            respond(ctx, response, keepAlive);
            return;
        }
        if (query == null || query.length == 0 || query.length > MAX_MESSAGE) {
            respondError(ctx, HttpResponseStatus.BAD_REQUEST, keepAlive);
            return;
        }
        InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
        exchange.exchange(query, client).whenComplete((reply, error) -> {
            if (ctx.executor().inEventLoop()) {
                answer(ctx, reply, error, keepAlive);
            } else {
                ctx.executor().execute(() -> answer(ctx, reply, error, keepAlive));
            }
        });
    }

    private void answer(ChannelHandlerContext ctx, byte[] reply, Throwable error, boolean keepAlive) {
        if (error != null) {
            respondError(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, keepAlive);
            return;
        }
        if (reply == null) {
            // dropped on a plugin's request (acl drop): the client learns nothing, as over UDP
            ctx.close();
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(
                io.netty.handler.codec.http.HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(reply));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, DNS_MESSAGE);
        OptionalLong maxAge = MinimumTtl.of(reply);
        if (maxAge.isPresent()) {
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "max-age=" + maxAge.getAsLong());
        }
        respond(ctx, response, keepAlive);
    }

    /** The query of {@code ?dns=}, or null when there is none, or more than one, or it is not base64url. */
    private static byte[] fromGet(QueryStringDecoder uri) {
        try {
            List<String> values = uri.parameters().get("dns");
            if (values == null || values.size() != 1) {
                return null;
            }
            return Base64.getUrlDecoder().decode(values.get(0));
        } catch (IllegalArgumentException e) { // a broken %-escape or base64
            return null;
        }
    }

    private static boolean isDnsMessage(FullHttpRequest request) {
        CharSequence type = HttpUtil.getMimeType(request);
        return type != null && DNS_MESSAGE.contentEquals(type.toString().toLowerCase(java.util.Locale.ROOT));
    }

    private static FullHttpResponse status(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    }

    private void respondError(ChannelHandlerContext ctx, HttpResponseStatus status, boolean keepAlive) {
        respond(ctx, status(status), keepAlive);
    }

    private void respond(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (!http2) {
            HttpUtil.setKeepAlive(response, keepAlive);
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
        }
        var written = ctx.writeAndFlush(response);
        if (http2 && ctx.channel().parent() != null) {
            // a stream's flush inside the connection's read is held until that read completes,
            // and then made only for streams still reading, which a finished request is not: flush
            // the connection now. One write per reply, not one per read: dnsperf 2.10's DoH client
            // reads a single reply per socket read and strands the rest until more bytes come
            ctx.channel().parent().flush();
        }
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
