package dev.gatehouse.proxy.balance;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.proxy.upstream.UpstreamEndpoint;
import dev.gatehouse.routing.HealthCheck;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import io.prometheus.metrics.core.metrics.Counter;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active health check of one endpoint in one cluster, on the endpoint's health port: every interval,
 * a GET of the check path on a new connection, a 2xx or 3xx within the timeout counting as a success; or,
 * for a TCP check, a connection, connecting within the timeout counting as a success (it is closed at
 * once). Results go to the member's {@link MemberHealth}, which turns it unhealthy or healthy after the
 * thresholds.
 */
final class HealthProbe implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(HealthProbe.class);

    private final Bootstrap bootstrap;
    private final UpstreamEndpoint endpoint;
    private final MemberHealth health;
    private final HealthCheck check;
    private final String cluster;
    private final Function<Channel, ChannelHandler> tls;
    private final Counter connectionFailures;
    private final String description;
    private volatile boolean stopped;
    private ScheduledFuture<?> next;

    /**
     * @param healthPort where the checks connect: the endpoint's port, or the one its health check names
     * @param tls        makes the TLS handler of each probe's connection (for clusters spoken to over TLS); null
     *                   for plain text
     */
    HealthProbe(Bootstrap bootstrap, String cluster, UpstreamEndpoint endpoint, int healthPort, MemberHealth health,
                HealthCheck check, Counter connectionFailures, Function<Channel, ChannelHandler> tls) {
        this.connectionFailures = connectionFailures;
        this.tls = tls;
        this.description = (check.tcp() ? "TCP connect" : "GET " + check.path()) + " on port " + healthPort;
        this.bootstrap = bootstrap.clone()
                .remoteAddress(onPort(endpoint.socketAddress(), healthPort))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) check.timeout().toMillis());
        this.cluster = cluster;
        this.endpoint = endpoint;
        this.health = health;
        this.check = check;
    }

    /** The same host on another port, left unresolved when it was (the lookup happens at connect time). */
    private static InetSocketAddress onPort(InetSocketAddress address, int port) {
        return address.isUnresolved() ? InetSocketAddress.createUnresolved(address.getHostString(), port)
                : new InetSocketAddress(address.getAddress(), port);
    }

    void start() {
        bootstrap.config().group().execute(this);
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> scheduled = next;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    /** One probe; the next is scheduled when this one has a result. */
    @Override
    public void run() {
        if (stopped) {
            return;
        }
        boolean[] reported = new boolean[1];
        if (check.tcp()) {
            connectOnly(reported);
            return;
        }
        Bootstrap probe = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                if (tls != null) {
                    channel.pipeline().addLast(tls.apply(channel));
                }
                channel.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new SimpleChannelInboundHandler<HttpResponse>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, HttpResponse response) {
                                if (response.decoderResult().isFailure()) {
                                    failed(ctx.channel(), "malformed", Causes.describe(response.decoderResult().cause()));
                                } else {
                                    int status = response.status().code();
                                    report(reported, status >= 200 && status < 400, "status " + status);
                                }
                                ctx.close();
                            }

                            @Override
                            public void channelInactive(ChannelHandlerContext ctx) {
                                // a half-close (FIN) or a close before the response
                                failed(ctx.channel(), "closed", "connection closed without a response");
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                report(reported, false, Causes.describe(cause));
                                // counted, closed and logged (rate-limited) by the pipeline's last handler
                                ctx.fireExceptionCaught(cause);
                            }

                            private void failed(Channel channel, String reason, String detail) {
                                if (!reported[0]) {
                                    PeerFailures.count(channel, reason, detail);
                                    report(reported, false, detail);
                                }
                            }
                        })
                        .addLast(PeerFailures.NAME, new PeerFailures("health", connectionFailures));
            }
        });
        probe.connect().addListener((ChannelFutureListener) connected -> {
            if (!connected.isSuccess()) {
                connectFailed(connected, reported);
                return;
            }
            Channel channel = connected.channel();
            channel.eventLoop().schedule(() -> {
                if (!reported[0]) {
                    String detail = "no answer within " + check.timeout().toMillis() + " ms";
                    PeerFailures.count(channel, "timeout", detail);
                    report(reported, false, detail);
                }
                channel.close();
            }, check.timeout().toNanos(), TimeUnit.NANOSECONDS);
            FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, check.path());
            request.headers()
                    .set(HttpHeaderNames.HOST, endpoint.toString())
                    .set(HttpHeaderNames.USER_AGENT, "gatehouse-health-check")
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            channel.writeAndFlush(request);
        });
    }

    private void connectOnly(boolean[] reported) {
        bootstrap.clone().handler(new PeerFailures("health", connectionFailures)).connect().addListener((ChannelFutureListener) connected -> {
            if (connected.isSuccess()) {
                connected.channel().close();
                report(reported, true, "connected");
            } else {
                connectFailed(connected, reported);
            }
        });
    }

    private void connectFailed(ChannelFuture connecting, boolean[] reported) {
        String detail = Causes.describe(connecting.cause());
        PeerFailures.count(connecting.channel(), PeerFailures.reason(connecting.cause()), detail);
        report(reported, false, detail);
    }

    private void report(boolean[] reported, boolean success, String detail) {
        if (reported[0]) {
            return;
        }
        reported[0] = true;
        health.lastCheck(success, detail, System.currentTimeMillis());
        if (health.checked(success, check.healthyThreshold(), check.unhealthyThreshold())) {
            log.info("endpoint {} of cluster {} is now {} (active check {}: {})", endpoint, cluster,
                    success ? "healthy" : "unhealthy", description, detail);
        }
        if (!stopped) {
            next = bootstrap.config().group().schedule(this, check.interval().toNanos(), TimeUnit.NANOSECONDS);
        }
    }
}
