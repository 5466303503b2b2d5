package dev.gatehouse.proxy.admin;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * Sits after the admin port's aggregator: lets a request through when it carries {@code Authorization: Bearer
 * <token>} with the configured token, and {@code /healthz} and {@code /readyz} always, since kubelet probes carry no
 * credentials. Anything else is answered 401 and the connection closed. The token is compared in constant time and
 * never logged or echoed.
 */
public final class BearerTokenCheck extends ChannelInboundHandlerAdapter {

    private static final Set<String> OPEN_PATHS = Set.of("/healthz", "/readyz");
    private static final String SCHEME = "bearer ";

    private final byte[] token;

    public BearerTokenCheck(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the admin token is empty (expected a non-blank token)");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)
                || OPEN_PATHS.contains(new QueryStringDecoder(request.uri()).path())
                || authorized(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            ctx.fireChannelRead(msg);
            return;
        }
        request.release();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED,
                Unpooled.copiedBuffer("the admin port needs Authorization: Bearer with the admin token\n", StandardCharsets.UTF_8));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse-admin\"")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private boolean authorized(String header) {
        if (header == null || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(SCHEME.length()).trim().getBytes(StandardCharsets.UTF_8));
    }
}
