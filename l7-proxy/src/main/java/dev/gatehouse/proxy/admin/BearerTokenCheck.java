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
import java.util.Base64;
import java.util.Set;

/**
 * Sits after the admin port's aggregator: lets a request through when it carries {@code Authorization: Bearer
 * <token>} with the configured token, and {@code /healthz} and {@code /readyz} always, since kubelet probes carry no
 * credentials. A browser, which cannot send a bearer token when it opens the dashboard, may give the token as the
 * password of HTTP basic authentication (any user name): the 401 offers both, so the browser asks for it once and sends
 * it with the dashboard's requests. Anything else is answered 401 and the connection closed. The token is compared in
 * constant time and never logged or echoed.
 */
public final class BearerTokenCheck extends ChannelInboundHandlerAdapter {

    private static final Set<String> OPEN_PATHS = Set.of("/healthz", "/readyz");
    private static final String BEARER = "bearer ";
    private static final String BASIC = "basic ";

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
                .add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"gatehouse-admin\"")
                .add(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"gatehouse-admin\", charset=\"UTF-8\"")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        if (header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return MessageDigest.isEqual(token, header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8));
        }
        if (header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(header.substring(BASIC.length()).trim());
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
            String credentials = new String(decoded, StandardCharsets.UTF_8);
            int colon = credentials.indexOf(':');
            return colon >= 0 && MessageDigest.isEqual(token, credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
        return false;
    }
}
