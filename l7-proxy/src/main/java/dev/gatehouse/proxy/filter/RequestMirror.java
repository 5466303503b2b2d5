package dev.gatehouse.proxy.filter;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.HopByHopHeaders;
import dev.gatehouse.proxy.http.RequestIds;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.routing.Mirror;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.ReferenceCountUtil;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Fire-and-forget copies of requests ({@link Mirror}, ingress-nginx's {@code mirror-target}): each copy goes on a
 * connection of its own, opened on the event loop of the client's connection, and its answer is read and discarded.
 * Nothing of a copy ever waits on or changes the client's exchange: at most {@link #MAX_IN_FLIGHT} copies are in
 * flight at once across the proxy, and a copy beyond that, a body larger than {@link #MAX_BODY_BYTES} and a copy
 * that cannot be delivered are dropped and counted ({@code gatehouse_mirror_dropped_total}).
 */
public final class RequestMirror {

    public static final int MAX_IN_FLIGHT = 256;
    public static final int MAX_BODY_BYTES = 256 * 1024;
    private static final Logger log = LoggerFactory.getLogger(RequestMirror.class);
    /** Its lines are a peer's doing, as often as it likes. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.DEBUG);
    private static final String REQUEST_URI = "$request_uri";
    private static final int CONNECT_TIMEOUT_MILLIS = 5000;
    private static final int READ_TIMEOUT_SECONDS = 10;

    private final Transport transport;
    private final AddressResolverGroup<?> resolver;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final CounterDataPoint busy;
    private final CounterDataPoint tooLarge;
    private final CounterDataPoint failed;

    public RequestMirror(Transport transport, AddressResolverGroup<?> resolver, ProxyMetrics metrics) {
        this.transport = transport;
        this.resolver = resolver;
        this.busy = metrics.mirrorDropped.labelValues("busy");
        this.tooLarge = metrics.mirrorDropped.labelValues("too_large");
        this.failed = metrics.mirrorDropped.labelValues("failed");
    }

    /**
     * Where a route's copies go, parsed once when its filters are compiled.
     *
     * @param tls the client TLS context of an https target, null for http: taken here, off the event loops, so that
     *            no copy's connection builds one
     */
    record Target(Mirror mirror, SslContext tls, String host, int port, String pathTemplate, String hostHeader) {

        /** The target of {@code mirror}, or null when it has none or it cannot be parsed (logged). */
        static Target of(Mirror mirror) {
            if (mirror == null) {
                return null;
            }
            try {
                URI uri = new URI(mirror.target().replace(REQUEST_URI, "/"));
                boolean https = mirror.target().startsWith("https://");
                int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
                String rest = mirror.target().substring(mirror.target().indexOf("//") + 2);
                int pathStart = indexOfPath(rest);
                String authority = rest.substring(0, pathStart);
                String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
                String path = rest.substring(pathStart);
                return new Target(mirror, https ? ClientTls.CONTEXT : null, host, port, path.startsWith("?") ? "/" + path : path,
                        mirror.host() != null ? mirror.host() : authority);
            } catch (URISyntaxException | RuntimeException e) {
                log.error("mirror target \"{}\" cannot be parsed ({}); requests are not mirrored", mirror.target(), e.getMessage());
                return null;
            }
        }

        private static int indexOfPath(String rest) {
            for (int i = 0; i < rest.length(); i++) {
                if (rest.charAt(i) == '/' || rest.charAt(i) == '?' || rest.charAt(i) == '$') {
                    return i;
                }
            }
            return rest.length();
        }

        /** The target of a copy of a request for {@code requestUri}: the request's own when the URL has no path. */
        String uri(String requestUri) {
            if (pathTemplate.isEmpty()) {
                return requestUri;
            }
            String uri = pathTemplate.replace(REQUEST_URI, requestUri);
            // "https://mirror.example$request_uri" has its path in the variable; "…/$request_uri" one slash too many
            return uri.startsWith("//") ? uri.substring(1) : uri;
        }
    }

    /**
     * Starts the copy of a request that a route with {@code filters} forwards, before the request is rewritten for its
     * upstream: sent at once when it needs no body (or has it already), else returned to collect the body. Null when
     * there is nothing more to do.
     */
    public Copy copy(RouteFilters filters, HttpRequest request, ClientInfo client, Channel downstream) {
        Target target = filters == null ? null : filters.mirrorTarget();
        if (target == null) {
            return null;
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            busy.inc();
            return null;
        }
        Copy copy = new Copy(target, head(target, request, client), downstream.eventLoop(),
                target.mirror().body() ? downstream.alloc().buffer() : Unpooled.EMPTY_BUFFER);
        if (!target.mirror().body()) {
            copy.send();
            return null;
        }
        if (request instanceof HttpContent content) {
            return copy.content(content, request instanceof LastHttpContent);
        }
        return copy;
    }

    private static HttpRequest head(Target target, HttpRequest request, ClientInfo client) {
        DefaultFullHttpRequest copy = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, request.method(), target.uri(request.uri()),
                Unpooled.EMPTY_BUFFER);
        HttpHeaders headers = copy.headers();
        headers.set(request.headers());
        HopByHopHeaders.strip(headers);
        for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
            headers.remove(name.text());
        }
        headers.remove(HttpHeaderNames.EXPECT);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.set(HttpHeaderNames.HOST, target.hostHeader());
        headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (!headers.contains(RequestIds.X_REQUEST_ID)) {
            headers.set(RequestIds.X_REQUEST_ID, client.requestId());
        }
        return copy;
    }

    /** One copy on its way: its head, and its body as it arrives. Used on the client connection's event loop only. */
    public final class Copy {

        private final Target target;
        private final HttpRequest head;
        private final EventLoop loop;
        private ByteBuf body;

        private Copy(Target target, HttpRequest head, EventLoop loop, ByteBuf body) {
            this.target = target;
            this.head = head;
            this.loop = loop;
            this.body = body;
        }

        /** The next piece of the client's body (not consumed); returns null once the copy is sent or dropped. */
        public Copy content(HttpContent content, boolean last) {
            ByteBuf bytes = content.content();
            if (body.readableBytes() + bytes.readableBytes() > MAX_BODY_BYTES) {
                tooLarge.inc();
                drop();
                return null;
            }
            body.writeBytes(bytes, bytes.readerIndex(), bytes.readableBytes());
            if (last) {
                send();
                return null;
            }
            return this;
        }

        /** The client's exchange ended before its body did: the copy is not sent. */
        public void drop() {
            body.release();
            inFlight.decrementAndGet();
        }

        private void send() {
            FullHttpRequest request = ((FullHttpRequest) head).replace(body);
            body = null;
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
            ChannelFuture connected;
            try {
                connected = bootstrap(target, loop).connect(target.host(), target.port());
            } catch (RuntimeException e) {
                request.release();
                inFlight.decrementAndGet();
                failed.inc();
                LIMITED.log("mirror not sent", "mirror copy to {} not sent: {}", target.mirror().target(), Causes.describe(e));
                return;
            }
            connected.channel().closeFuture().addListener(closed -> inFlight.decrementAndGet());
            connected.addListener(done -> {
                if (done.isSuccess()) {
                    connected.channel().writeAndFlush(request).addListener(written -> {
                        if (!written.isSuccess()) {
                            failed.inc();
                            connected.channel().close();
                        }
                    });
                } else {
                    request.release();
                    failed.inc();
                    LIMITED.log("mirror not delivered", "mirror copy to {} not delivered: {}", target.mirror().target(),
                            Causes.describe(done.cause()));
                }
            });
        }
    }

    private Bootstrap bootstrap(Target target, EventLoop loop) {
        SslContext context = target.tls();
        return new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (context != null) {
                            SSLEngine engine = context.newEngine(channel.alloc(), target.host(), target.port());
                            SSLParameters parameters = engine.getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(parameters);
                            channel.pipeline().addLast(new SslHandler(engine));
                        }
                        channel.pipeline().addLast(new HttpClientCodec(), new ReadTimeoutHandler(READ_TIMEOUT_SECONDS, TimeUnit.SECONDS),
                                new Discard(target));
                    }
                });
    }

    /**
     * Verifies mirror targets as a browser would, against the JDK's trusted certificate authorities: one context for the
     * process, built (once, by class initialization) when the first https target is parsed.
     */
    private static final class ClientTls {

        static final SslContext CONTEXT = build();

        private static SslContext build() {
            try {
                return SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                throw new IllegalStateException("the JDK's default TLS client context is unavailable", e);
            }
        }
    }

    /** Reads a copy's answer and throws it away; the connection closes at its end, or on any failure. */
    private final class Discard extends ChannelInboundHandlerAdapter {

        private final Target target;

        private Discard(Target target) {
            this.target = target;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed.inc();
            LIMITED.log("mirror failed", "mirror copy to {} failed: {}", target.mirror().target(), Causes.describe(cause));
            ctx.close();
        }
    }
}
