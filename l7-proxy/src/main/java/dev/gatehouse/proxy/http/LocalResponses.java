package dev.gatehouse.proxy.http;

import dev.gatehouse.proxy.net.LingeringClose;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Responses the proxy writes itself: the 404 of unmatched requests, 502/503/504, direct responses, the
 * redirect to HTTPS, and the 401/403 of request filters.
 */
public final class LocalResponses {

    private LocalResponses() {
    }

    /**
     * Writes a complete plain-text response and flushes it.
     *
     * @param keepAlive whether the connection stays open afterwards; if not, it is closed once written
     * @param head      whether the request was HEAD, which gets the headers only
     * @param http10    whether the client spoke HTTP/1.0, which needs keep-alive said explicitly
     */
    public static ChannelFuture write(ChannelHandlerContext ctx, int status, String body, boolean keepAlive, boolean head,
                               boolean http10) {
        return write(ctx, status, body, keepAlive, head, http10, null, null);
    }

    /**
     * @param header a header the answer needs (the Location of a redirect, the WWW-Authenticate of a 401), or null
     * @param value  its value
     */
    public static ChannelFuture write(ChannelHandlerContext ctx, int status, String body, boolean keepAlive, boolean head,
                               boolean http10, CharSequence header, CharSequence value) {
        return write(ctx, status, body, keepAlive, head, http10, header, value, null);
    }

    /**
     * @param extra more headers of the answer (a route's response and CORS headers), or null; a 204 (a CORS preflight
     *              answer) has no body and so no Content-Type or Content-Length
     */
    public static ChannelFuture write(ChannelHandlerContext ctx, int status, String body, boolean keepAlive, boolean head,
                               boolean http10, CharSequence header, CharSequence value, HttpHeaders extra) {
        ChannelFuture written = respond(ctx, status, body, keepAlive, head, http10, header, value, extra);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
        return written;
    }

    /**
     * An answer given before the client has sent all of its request: the connection closes after it, lingering
     * ({@link LingeringClose}) so that the client receives it rather than a reset.
     */
    public static void writeAndLinger(ChannelHandlerContext ctx, int status, String body, boolean head, boolean http10,
                               CharSequence header, CharSequence value, HttpHeaders extra) {
        LingeringClose.after(respond(ctx, status, body, false, head, http10, header, value, extra));
    }

    private static ChannelFuture respond(ChannelHandlerContext ctx, int status, String body, boolean keepAlive, boolean head,
                                         boolean http10, CharSequence header, CharSequence value, HttpHeaders extra) {
        ByteBuf content = head || status == 204 ? ctx.alloc().buffer(0) : ByteBufUtil.writeUtf8(ctx.alloc(), body);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), content);
        if (status != 204) {
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, ByteBufUtil.utf8Bytes(body));
        }
        if (extra != null) {
            response.headers().add(extra);
        }
        if (header != null) {
            response.headers().set(header, value);
        }
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        return ctx.writeAndFlush(response);
    }

    public static String text(int status, String detail) {
        return status + " " + HttpResponseStatus.valueOf(status).reasonPhrase() + ": " + detail + "\n";
    }
}
