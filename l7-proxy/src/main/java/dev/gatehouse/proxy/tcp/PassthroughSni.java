package dev.gatehouse.proxy.tcp;

import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.TraceSettings;
import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.proxy.observe.RequestTracer;
import dev.gatehouse.proxy.observe.TcpStats;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.TcpListener;
import dev.gatehouse.routing.TlsPassthrough;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.Mapping;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The first TLS handler of a connection to a port with TLS passthrough: Netty's SNI handler reads the ClientHello
 * without decrypting it (at most {@link #MAX_CLIENT_HELLO} bytes, within the client header timeout, else the
 * connection closes). When the live snapshot passes the server name through on this port, the connection becomes a
 * TCP relay to an endpoint of the rule's cluster, or of one of its clusters picked at random by weight
 * ({@link TcpConnector}, then {@link TcpRelay}), the ClientHello first;
 * the upstream terminates TLS. Otherwise, on the HTTPS listener, the handshake goes on with the certificate for the
 * name, as a plain {@link SniHandler} would; on a port of its own (a Gateway TLS listener), where nothing else is
 * served, the connection closes, as Envoy and ingress-nginx do with a name they do not know or no name at all.
 *
 * <p>A server name is looked up only when it is a DNS name of letters, digits, hyphens, dots and underscores; any other
 * (a NUL, a slash) matches no rule, so it cannot reach a wildcard's cluster.
 */
public final class PassthroughSni extends SniHandler {

    private static final Logger log = LoggerFactory.getLogger(PassthroughSni.class);
    /** Its lines are a peer's doing, as often as it likes. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.DEBUG);
    /** Netty's own default: a ClientHello, post-quantum key shares included, is a few KiB. */
    static final int MAX_CLIENT_HELLO = 65536;
    /** The handlers of an HTTPS connection that have no part in a relay. */
    private static final List<String> HTTP_ONLY = List.of("tls-handshakes", "detect");

    private final ProxyContext proxy;
    private final Bootstrap upstream;
    private final boolean ownPort;

    private PassthroughSni(Mapping<String, SslContext> certificates, ProxyContext proxy, Bootstrap upstream, boolean ownPort) {
        super(certificates, MAX_CLIENT_HELLO, proxy.settings().clientHeaderTimeout().toMillis());
        this.proxy = proxy;
        this.upstream = upstream;
        this.ownPort = ownPort;
    }

    /** On the HTTPS listener: a name without a passthrough rule gets the handshake with its certificate. */
    public static PassthroughSni onHttpsListener(Mapping<String, SslContext> certificates, ProxyContext proxy, Bootstrap upstream) {
        return new PassthroughSni(certificates, proxy, upstream, false);
    }

    /** On a port that serves passthrough alone. */
    static PassthroughSni onOwnPort(ProxyContext proxy, Bootstrap upstream) {
        return new PassthroughSni(name -> null, proxy, upstream, true);
    }

    @Override
    protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext) throws Exception {
        int port = ((InetSocketAddress) ctx.channel().localAddress()).getPort();
        String name = serverName(hostname);
        TlsPassthrough rule = name == null ? null : proxy.live().snapshot().passthroughFor(port, name);
        ClusterName chosen = rule == null ? null : chosen(rule);
        ClusterRuntime cluster = chosen == null ? null : proxy.live().cluster(chosen);
        if (cluster != null) {
            relay(ctx, rule, chosen, cluster);
        } else if (ownPort) {
            PeerFailures.count(ctx.channel(), "tls", "no TLS passthrough for this server name on port " + port);
            LIMITED.log("tls passthrough unknown", "TLS passthrough port {}: no rule for the server name {} of {}; closing it",
                    port, name == null ? "(none)" : name, ctx.channel().remoteAddress());
            ctx.close();
        } else {
            super.replaceHandler(ctx, hostname, sslContext);
        }
    }

    /** The cluster of this connection: of several backends, one at random in proportion to their weights. */
    private static ClusterName chosen(TlsPassthrough rule) {
        return rule.backends().size() == 1 ? rule.backends().get(0).cluster()
                : rule.pick(ThreadLocalRandom.current().nextInt(rule.totalWeight()));
    }

    /** The name lower case when it is a DNS name, else null. */
    static String serverName(String hostname) {
        if (hostname == null || hostname.isEmpty() || hostname.length() > 253) {
            return null;
        }
        for (int i = 0; i < hostname.length(); i++) {
            char c = hostname.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_';
            if (!allowed) {
                return null;
            }
        }
        return hostname.toLowerCase(Locale.ROOT);
    }

    /**
     * Puts a {@link TcpConnector} where this handler was, with the TCP idle timeout before it. The bytes this handler
     * read (the ClientHello) reach the connector when the decoder leaves the pipeline, before the connector starts on
     * the next turn of the event loop, so they are the first the upstream gets.
     */
    private void relay(ChannelHandlerContext ctx, TlsPassthrough rule, ClusterName chosen, ClusterRuntime cluster) {
        Channel channel = ctx.channel();
        channel.config().setAutoRead(false);
        TcpListener listener = new TcpListener(rule.name(), rule.port(), chosen, false, false);
        TcpStats stats = proxy.metrics().tcp(listener.name());
        stats.accepted().inc();
        stats.active().inc();
        channel.closeFuture().addListener(closed -> stats.active().dec());
        ProxySettings settings = proxy.settings();
        TraceSettings tracing = settings.tracing();
        TcpConnector connector = new TcpConnector(listener, cluster, stats, proxy.metrics(), upstream,
                settings.upstreamMaxAttempts(), tracing.unrouted().enabled() ? proxy.tracer() : RequestTracer.OFF,
                tracing.sampleRatio());
        ChannelPipeline pipeline = ctx.pipeline();
        HTTP_ONLY.forEach(name -> {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        });
        pipeline.addBefore(ctx.name(), "tcp-idle",
                new IdleStateHandler(0, 0, settings.tcpIdleTimeout().toNanos(), TimeUnit.NANOSECONDS));
        pipeline.replace(this, "connect", connector);
        channel.eventLoop().execute(connector::begin);
    }
}
