package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gatehouse.proxy.downstream.DownstreamHandler;
import dev.gatehouse.proxy.downstream.HttpListenerInitializer;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.AccessLog;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.tls.UpstreamTlsContexts;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.Http2Frame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * One client connection of a fuzz test: the listener's real pipeline ({@link HttpListenerInitializer}) on an
 * {@link EmbeddedChannel}, fed raw bytes, then closed by the client. {@link #assertHandledCleanly()} then holds
 * the three promises every input must keep: nothing thrown out of the pipeline, no exception swallowed by the
 * last handler, every buffer released. The routing has an answer of each kind that needs no upstream (a direct
 * response, a redirect, a forwarding route whose cluster has no endpoint, so 503, and a small body limit, so 413);
 * other hosts get 404.
 */
final class FuzzedConnection {

    private static final ProxyContext PLAIN = context(false);
    private static final ProxyContext PROXY_PROTOCOL = context(true);
    private static final InetSocketAddress LISTENER = new InetSocketAddress("192.0.2.1", 8080);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("198.51.100.7", 40000);
    private static final ServerChannel LISTENING = new NioServerSocketChannel();
    private static final Logger DOWNSTREAM_LOG = (Logger) LoggerFactory.getLogger(DownstreamHandler.class);

    private final TrackingAllocator allocator = new TrackingAllocator();
    private final ListAppender<ILoggingEvent> failures = new ListAppender<>();
    private final EmbeddedChannel channel;
    private final List<ByteBuf> answer = new ArrayList<>();

    private FuzzedConnection(ProxyContext proxy) {
        failures.start();
        DOWNSTREAM_LOG.setLevel(Level.DEBUG);
        DOWNSTREAM_LOG.setAdditive(false);
        DOWNSTREAM_LOG.addAppender(failures);
        // a child of a server channel, as accepted connections are: HTTP/2 tells server from client by that
        channel = new EmbeddedChannel(LISTENING, DefaultChannelId.newInstance(), true, false,
                new HttpListenerInitializer(proxy, null)) {
            // the proxy reads the client's address as a socket's; an embedded channel has none of its own
            @Override
            protected SocketAddress localAddress0() {
                return LISTENER;
            }

            @Override
            protected SocketAddress remoteAddress0() {
                return CLIENT;
            }
        };
        channel.config().setAllocator(allocator);
    }

    /** A connection to a listener without the PROXY protocol. */
    static FuzzedConnection plain() {
        return new FuzzedConnection(PLAIN);
    }

    /** A connection to a listener that expects a PROXY protocol header first. */
    static FuzzedConnection proxyProtocol() {
        return new FuzzedConnection(PROXY_PROTOCOL);
    }

    /** Sends {@code bytes} as the client would, in one read, lets the pipeline act on them, then hangs up. */
    FuzzedConnection send(byte[] bytes) {
        ByteBuf in = allocator.buffer(bytes.length).writeBytes(bytes);
        channel.writeInbound(in);
        channel.runPendingTasks();
        collectAnswer();
        channel.close();
        channel.runPendingTasks();
        // what closing wrote (an HTTP/2 GOAWAY) is part of the answer
        collectAnswer();
        return this;
    }

    /** What the proxy wrote back, as text (ISO-8859-1, so every byte shows). */
    String answer() {
        StringBuilder text = new StringBuilder();
        for (ByteBuf buf : answer) {
            text.append(buf.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return text.toString();
    }

    /** Asserts the promises every input must keep, and releases what the test itself holds. */
    void assertHandledCleanly() {
        try {
            // rethrows what reached the tail of the pipeline
            channel.checkException();
            // HTTP/2 connection frames (SETTINGS, PING, GOAWAY) pass the stream multiplexer, and a server's tail discards them
            assertThat(channel.inboundMessages()).as("messages that no handler took")
                    .allMatch(message -> message instanceof Http2Frame && !(message instanceof Http2StreamFrame));
            channel.finishAndReleaseAll();
            assertThat(failures.list.stream()
                    .filter(event -> event.getThrowableProxy() != null && event.getMessage().startsWith("downstream connection"))
                    .map(event -> event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage()))
                    .as("exceptions that reached the proxy's last handler").isEmpty();
        } finally {
            answer.forEach(ReferenceCountUtil::release);
            DOWNSTREAM_LOG.detachAppender(failures);
            DOWNSTREAM_LOG.setAdditive(true);
            DOWNSTREAM_LOG.setLevel(null);
        }
        assertThat(allocator.unreleased()).as("buffers not released after the connection closed").isEmpty();
    }

    private void collectAnswer() {
        Object out;
        while ((out = channel.readOutbound()) != null) {
            if (out instanceof ByteBuf buf) {
                answer.add(buf);
            } else {
                ReferenceCountUtil.release(out);
                throw new AssertionError("the pipeline wrote " + out.getClass().getName() + " to the socket instead of bytes");
            }
        }
    }

    private static ProxyContext context(boolean proxyProtocol) {
        ProxySettings settings = ProxySettings.builder().proxyProtocol(proxyProtocol).build();
        ProxyMetrics metrics = new ProxyMetrics(new PrometheusRegistry());
        Transport transport = Transport.best();
        // the upstream connections of a loop no fuzzed connection runs on: no test input may reach an upstream
        EventLoopGroup loops = transport.newGroup(1, "fuzz-unused");
        ProxyContext context = new ProxyContext(settings, transport, loops, null, metrics,
                AccessLog.create(ProxySettings.AccessLogFormat.OFF, null, metrics),
                LiveRouting.build(RoutingSnapshot.empty(), null, metrics, settings), new UpstreamTlsContexts());
        context.publish(LiveRouting.build(snapshot(), null, metrics, settings));
        return context;
    }

    private static RoutingSnapshot snapshot() {
        ClusterName empty = new ClusterName("fuzz", "no-endpoints", "80");
        RequestPolicy smallBodies = new RequestPolicy(null, null, null, 0, 16);
        List<Route> routes = List.of(
                new Route("fuzz/direct", PathMatch.exact("/direct"), new RouteAction.DirectResponse(200, "direct\n")),
                new Route("fuzz/redirect", PathMatch.prefix("/old"), new RouteAction.Redirect(301, "https://example.com/new")),
                new Route("fuzz/www", PathMatch.prefix("/www"), RouteAction.Redirect.toHost(308, "www.fuzz.example")),
                new Route("fuzz/small", PathMatch.prefix("/upload"),
                        new RouteAction.Forward(empty, smallBodies)),
                new Route("fuzz/forward", PathMatch.prefix("/"), new RouteAction.Forward(empty)));
        return RoutingSnapshot.of(1, List.of(new VirtualHost(HostPattern.of("fuzz.example"), routes)),
                List.of(new Cluster(empty, List.of())), null);
    }

    /** Unpooled buffers, each remembered, so that a test can tell which were never released. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {

        private final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return track(UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity));
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return track(UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity));
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        private ByteBuf track(ByteBuf buf) {
            allocated.add(buf);
            return buf;
        }

        List<ByteBuf> unreleased() {
            return allocated.stream().filter(buf -> buf.refCnt() > 0).toList();
        }
    }
}
