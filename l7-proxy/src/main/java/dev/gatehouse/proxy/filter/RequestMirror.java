package dev.gatehouse.proxy.filter;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.HopByHopHeaders;
import dev.gatehouse.proxy.http.RequestIds;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.observe.TraceSpan;
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
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.ReferenceCountUtil;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Fire-and-forget copies of requests ({@link Mirror}: ingress-nginx's {@code mirror-target}, Gateway API's RequestMirror
 * filters, several per route, each taking its share of the requests): each copy goes on a connection of its own,
 * opened on the event loop of the client's connection, and its answer is read and discarded.
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
     * Starts the copies, to those of {@code targets} (null or empty for none) whose share takes this request, of a request
     * that a route forwards, before the request is rewritten for its upstream: sent at once when they need no body (or
     * have it already), else returned to collect the body. Null when there is nothing more to do.
     *
     * @param span the client request's span: each copy's own is its child
     */
    public Copy copy(MirrorTarget[] targets, HttpRequest request, ClientInfo client, Channel downstream, TraceSpan span) {
        MirrorTarget[] chosen = chosen(targets);
        if (chosen.length == 0) {
            return null;
        }
        if (inFlight.addAndGet(chosen.length) > MAX_IN_FLIGHT) {
            inFlight.addAndGet(-chosen.length);
            busy.inc();
            return null;
        }
        boolean body = false;
        HttpRequest[] heads = new HttpRequest[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            heads[i] = head(chosen[i], request, client);
            body |= chosen[i].mirror().body();
        }
        Copy copy = new Copy(chosen, heads, downstream.eventLoop(), body ? downstream.alloc().buffer() : Unpooled.EMPTY_BUFFER, span);
        if (!body) {
            copy.send();
            return null;
        }
        if (request instanceof HttpContent content) {
            return copy.content(content, request instanceof LastHttpContent);
        }
        return copy;
    }

    /** The targets whose share of requests takes this one. */
    private static MirrorTarget[] chosen(MirrorTarget[] targets) {
        if (targets == null || targets.length == 0) {
            return targets == null ? new MirrorTarget[0] : targets;
        }
        int taken = 0;
        MirrorTarget[] chosen = new MirrorTarget[targets.length];
        for (MirrorTarget target : targets) {
            Mirror mirror = target.mirror();
            if (mirror.everyRequest() || ThreadLocalRandom.current().nextInt(mirror.outOf()) < mirror.copied()) {
                chosen[taken++] = target;
            }
        }
        return taken == targets.length ? targets : Arrays.copyOf(chosen, taken);
    }

    private static HttpRequest head(MirrorTarget target, HttpRequest request, ClientInfo client) {
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

    /**
     * The copies of one request on their way: a head for each target, and the body, shared by those that carry it, as it
     * arrives. Used on the client connection's event loop only.
     */
    public final class Copy {

        private final MirrorTarget[] targets;
        private final HttpRequest[] heads;
        private final EventLoop loop;
        private final TraceSpan parent;
        private ByteBuf body;

        private Copy(MirrorTarget[] targets, HttpRequest[] heads, EventLoop loop, ByteBuf body, TraceSpan parent) {
            this.targets = targets;
            this.heads = heads;
            this.loop = loop;
            this.body = body;
            this.parent = parent;
        }

        /** The next piece of the client's body (not consumed); returns null once the copies are sent or dropped. */
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

        /** The client's exchange ended before its body did: the copies are not sent. */
        public void drop() {
            body.release();
            inFlight.addAndGet(-targets.length);
        }

        private void send() {
            for (int i = 0; i < targets.length; i++) {
                ByteBuf content = targets[i].mirror().body() ? body.retainedDuplicate() : Unpooled.EMPTY_BUFFER;
                sendOne(targets[i], ((FullHttpRequest) heads[i]).replace(content));
            }
            body.release();
            body = null;
        }

        private void sendOne(MirrorTarget target, FullHttpRequest request) {
            request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, request.content().readableBytes());
            TraceSpan span = parent.mirror(request, target.mirror().target());
            span.inject(request.headers());
            long sent = request.content().readableBytes();
            ChannelFuture connected;
            try {
                connected = bootstrap(target, loop, span, sent).connect(target.host(), target.port());
            } catch (RuntimeException e) {
                span.end(outcome(0, sent));
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
                    span.end(outcome(0, sent));
                    request.release();
                    failed.inc();
                    LIMITED.log("mirror not delivered", "mirror copy to {} not delivered: {}", target.mirror().target(),
                            Causes.describe(done.cause()));
                }
            });
        }
    }

    private static TraceSpan.Outcome outcome(int status, long bodyBytes) {
        return new TraceSpan.Outcome(status, null, "mirror", null, null, 0, bodyBytes);
    }

    private Bootstrap bootstrap(MirrorTarget target, EventLoop loop, TraceSpan span, long sent) {
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
                                new Discard(target, span, sent));
                    }
                });
    }

    /**
     * Reads a copy's answer and throws it away; the connection closes at its end, or on any failure. The copy's span ends
     * with the connection: with the answer's status once it is all in, without one otherwise.
     */
    private final class Discard extends ChannelInboundHandlerAdapter {

        private final MirrorTarget target;
        private final TraceSpan span;
        private final long sent;
        private int status;
        private boolean answered;

        private Discard(MirrorTarget target, TraceSpan span, long sent) {
            this.target = target;
            this.span = span;
            this.sent = sent;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
            }
            boolean last = msg instanceof LastHttpContent;
            ReferenceCountUtil.release(msg);
            if (last) {
                answered = true;
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            span.end(outcome(answered ? status : 0, sent));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed.inc();
            LIMITED.log("mirror failed", "mirror copy to {} failed: {}", target.mirror().target(), Causes.describe(cause));
            ctx.close();
        }
    }
}
