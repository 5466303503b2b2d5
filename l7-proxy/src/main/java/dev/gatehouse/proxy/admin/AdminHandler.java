package dev.gatehouse.proxy.admin;

import dev.gatehouse.proxy.admin.DashboardAssets;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Answers the admin port's read-only endpoints, after the codec and aggregator (and the bearer-token check, when
 * there is a token): the probes, {@code /metrics}, {@code /routes}, the dashboard's page and the JSON views.
 */
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final PrometheusTextFormatWriter METRICS_FORMAT = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry;
    private final Supplier<String> notReady;
    private final Supplier<byte[]> routes;
    private final AdminViews views;

    /**
     * @param notReady why the proxy is not ready, or null when it is
     * @param routes   renders {@code /routes} from the live routing
     * @param views    the controller's own read-only views
     */
    AdminHandler(PrometheusRegistry registry, Supplier<String> notReady, Supplier<byte[]> routes, AdminViews views) {
        this.registry = registry;
        this.notReady = notReady;
        this.routes = routes;
        this.views = views;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                    text("the admin port is read-only (expected GET or HEAD)\n"));
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        switch (path) {
            case "/healthz" -> respond(ctx, request, HttpResponseStatus.OK, "text/plain; charset=utf-8", text("ok\n"));
            case "/readyz" -> {
                String reason = notReady.get();
                respond(ctx, request, reason == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "text/plain; charset=utf-8", text(reason == null ? "ready\n" : "not ready: " + reason + "\n"));
            }
            case "/metrics" -> respond(ctx, request, HttpResponseStatus.OK, METRICS_FORMAT.getContentType(), metrics(ctx));
            case "/routes" -> respond(ctx, request, HttpResponseStatus.OK, "application/json",
                    Unpooled.wrappedBuffer(routes.get()));
            case "/", "/dashboard" -> redirect(ctx, request, DashboardAssets.PREFIX);
            default -> {
                AdminViews.View view = views.get(path);
                DashboardAssets.Asset asset = DashboardAssets.find(path);
                if (view != null) {
                    respond(ctx, request, HttpResponseStatus.OK, view.contentType(), Unpooled.wrappedBuffer(view.body().get()));
                } else if (asset != null) {
                    respond(ctx, request, HttpResponseStatus.OK, asset.contentType(), Unpooled.wrappedBuffer(asset.body()));
                } else {
                    respond(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                            text("unknown admin path " + path + " (expected /dashboard/, /api/v1/..., /healthz, /readyz, "
                                    + "/metrics or /routes)\n"));
                }
            }
        }
    }

    private static void redirect(ChannelHandlerContext ctx, FullHttpRequest request, String location) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.FOUND);
        response.headers().set(HttpHeaderNames.LOCATION, location).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        send(ctx, request, response);
    }

    private ByteBuf metrics(ChannelHandlerContext ctx) {
        ByteBuf buffer = ctx.alloc().buffer(16384);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buffer)) {
            METRICS_FORMAT.write(out, registry.scrape());
        } catch (IOException e) {
            buffer.release();
            throw new UncheckedIOException(e);
        }
        return buffer;
    }

    private static ByteBuf text(String body) {
        return Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    }

    private static void respond(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                                String contentType, ByteBuf body) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        int length = body.readableBytes();
        if (head) {
            body.release();
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType).setInt(HttpHeaderNames.CONTENT_LENGTH, length)
                // the dashboard loads nothing from elsewhere, and nothing here is for caches or frames
                .set(HttpHeaderNames.CONTENT_SECURITY_POLICY, "default-src 'self'; frame-ancestors 'none'")
                .set("X-Content-Type-Options", "nosniff")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("Referrer-Policy", "no-referrer");
        send(ctx, request, response);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
