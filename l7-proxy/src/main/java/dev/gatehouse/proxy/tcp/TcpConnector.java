package dev.gatehouse.proxy.tcp;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.balance.SelectionRequest;
import dev.gatehouse.proxy.net.TcpAddresses;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.ConnectionSpan;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.observe.RequestTracer;
import dev.gatehouse.proxy.observe.TcpStats;
import dev.gatehouse.routing.TcpListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The handler of a TCP listener's connection until its upstream is connected, after the PROXY protocol
 * decoder when the listener has one: waits for the PROXY header if one is due, picks an endpoint of the
 * listener's cluster ({@link ClusterRuntime#select}), connects to it on the connection's own event loop,
 * and tries another endpoint when that fails, up to the attempt limit. Connected, it writes the PROXY v1
 * header upstream if the listener sends one, then the bytes the client sent early, and hands both
 * channels to {@link TcpRelay}. Without an endpoint to try, it closes the client connection.
 *
 * <p>The client is not read meanwhile (auto-read is off), except for the PROXY header and what the
 * transport reads when the client shuts its output early; those bytes, and the end of the client's
 * output, are held and passed on once the upstream is connected.
 */
public final class TcpConnector extends ChannelInboundHandlerAdapter implements SelectionRequest {

    private static final Logger log = LoggerFactory.getLogger(TcpConnector.class);
    /** Its lines are a peer's doing, as often as it likes. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.DEBUG);
    /** What selection sees of a TCP connection: no headers, no cookies; only the client address hashes. */
    private static final HttpRequest NO_REQUEST =
            new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", EmptyHttpHeaders.INSTANCE);

    private final TcpListener listener;
    private final ClusterRuntime cluster;
    private final TcpStats stats;
    private final ProxyMetrics metrics;
    private final Bootstrap bootstrap;
    private final int maxAttempts;
    private final RequestTracer tracer;
    private final double sampleRatio;
    private final ArrayDeque<ByteBuf> early = new ArrayDeque<>(2);
    private final List<Member> tried = new ArrayList<>(2);
    private final String[] affinityCookie = new String[1];
    private ChannelHandlerContext ctx;
    private TcpAddresses addresses;
    private boolean connecting;
    private boolean inputEnded;
    private ConnectionSpan span;
    private long earlyBytes;
    private TcpRelay.Spliced relays;
    private String relayedTo;

    /**
     * @param bootstrap upstream channels of this listener's connections, without group, handler or address
     * @param tracer    where the connection's span starts once its client is known ({@link RequestTracer#OFF} for none)
     */
    public TcpConnector(TcpListener listener, ClusterRuntime cluster, TcpStats stats, ProxyMetrics metrics, Bootstrap bootstrap,
                 int maxAttempts, RequestTracer tracer, double sampleRatio) {
        this.listener = listener;
        this.cluster = cluster;
        this.stats = stats;
        this.metrics = metrics;
        this.bootstrap = bootstrap;
        this.maxAttempts = maxAttempts;
        this.tracer = tracer;
        this.sampleRatio = sampleRatio;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        addresses = TcpAddresses.of(ctx.channel());
        if (listener.acceptProxyProtocol()) {
            // the decoder before this handler reads on until it has the whole header
            ctx.read();
        } else {
            connect();
        }
    }

    /**
     * Starts on a connection that was active before this handler joined its pipeline: a TLS passthrough's, once its
     * ClientHello named the rule ({@link PassthroughSni}); the ClientHello is among the early bytes by then.
     */
    void begin() {
        addresses = TcpAddresses.of(ctx.channel());
        connect();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage header) {
            try {
                addresses = TcpAddresses.from(header, addresses);
            } finally {
                header.release();
            }
            connect();
        } else if (msg instanceof ByteBuf data) {
            // bytes that came with the PROXY header, or before the upstream was there
            early.add(data);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseEarly();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseEarly();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent) {
            PeerFailures.count(ctx.channel(), "timeout", "no upstream connected within the TCP idle timeout");
            ctx.close();
        } else if (event instanceof ChannelInputShutdownEvent) {
            // the client sent all it will send before the upstream was there: pass that on once it is
            inputEnded = true;
        } else if (!(event instanceof ChannelInputShutdownReadComplete)) {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // counted, closed and logged (rate-limited) by the pipeline's last handler
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public HttpRequest request() {
        return NO_REQUEST;
    }

    @Override
    public String clientAddress() {
        return addresses.clientAddress();
    }

    @Override
    public boolean tried(Member member) {
        return tried.contains(member);
    }

    private void connect() {
        if (connecting || !ctx.channel().isActive()) {
            return;
        }
        if (span == null) {
            startSpan();
        }
        Member member = tried.size() < maxAttempts ? cluster.select(this, affinityCookie) : null;
        if (member == null) {
            stats.unserved().inc();
            LIMITED.log("tcp unserved", "TCP listener {}: no endpoint of cluster {} left to try for {} (after {} attempts); closing it",
                    listener.name(), cluster.name(), ctx.channel().remoteAddress(), tried.size());
            ctx.close();
            return;
        }
        tried.add(member);
        connecting = true;
        boolean countsInFlight = cluster.tracksInFlight();
        if (countsInFlight) {
            member.health().started();
        }
        ChannelFuture connected = bootstrap.clone()
                .group(ctx.channel().eventLoop())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel upstream) {
                        upstream.pipeline().addLast(PeerFailures.NAME, new PeerFailures("upstream", metrics.connectionFailures));
                    }
                })
                .connect(member.endpoint().socketAddress());
        if (countsInFlight) {
            // least-request balances open connections: each counts until its upstream side closes
            connected.channel().closeFuture().addListener(closed -> member.health().ended());
        }
        connected.addListener((ChannelFutureListener) future -> connected(member, future));
    }

    private void connected(Member member, ChannelFuture future) {
        connecting = false;
        Channel upstream = future.channel();
        Channel downstream = ctx.channel();
        if (!future.isSuccess()) {
            boolean timedOut = future.cause() instanceof ConnectTimeoutException;
            stats.connectFailures().inc();
            metrics.upstreamError(cluster.name(), timedOut ? "timeout" : "connect");
            cluster.failed(member);
            LIMITED.log("tcp upstream connect", "TCP listener {}: connecting to {} of cluster {} failed: {}", listener.name(),
                    member, cluster.name(), Causes.describe(future.cause()));
            connect();
            return;
        }
        if (!downstream.isActive()) {
            upstream.close();
            return;
        }
        cluster.succeeded(member);
        if (listener.sendProxyProtocol()) {
            upstream.write(ByteBufUtil.writeAscii(upstream.alloc(), addresses.proxyHeaderV1()), upstream.voidPromise());
        }
        for (ByteBuf data; (data = early.poll()) != null; ) {
            stats.received().inc(data.readableBytes());
            earlyBytes += data.readableBytes();
            upstream.write(data, upstream.voidPromise());
        }
        upstream.flush();
        ctx.pipeline().remove(this);
        relays = TcpRelay.splice(downstream, upstream, stats);
        relayedTo = member.endpoint().toString();
        if (inputEnded) {
            downstream.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    /** The connection's span, ended when the client's connection closes: with its upstream once it has one. */
    private void startSpan() {
        span = tracer.connection(listener.name(), addresses.clientAddress(), listener.port(), sampleRatio);
        ctx.channel().closeFuture().addListener(closed -> {
            if (relays == null) {
                span.end(null, 0, 0);
            } else {
                span.end(relayedTo, earlyBytes + relays.fromClient().relayed(), relays.toClient().relayed());
            }
        });
    }

    private void releaseEarly() {
        for (ByteBuf data; (data = early.poll()) != null; ) {
            data.release();
        }
    }

    /** Options of every upstream channel of TCP listeners. */
    public static Bootstrap upstreamBootstrap(Transport transport, AddressResolverGroup<?> resolver, ProxySettings settings) {
        return new Bootstrap()
                .channel(transport.socketChannel())
                .resolver(resolver)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.upstreamConnectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true);
    }
}
