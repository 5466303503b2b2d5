package dev.gatehouse.proxy.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.AccessLog;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.tls.UpstreamTlsContexts;
import dev.gatehouse.routing.Compression;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.ProxyTuning;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the compressor sits in a client connection's real pipeline ({@link HttpListenerInitializer}): nowhere while the
 * snapshot compresses nothing, so those who do not compress pay nothing per request; before the last handler otherwise,
 * where the proxy's own answers pass it too.
 */
class CompressorPlacementTest {

    private static final String ANSWER = "the proxy's own answer, long enough to be worth compressing. ".repeat(20);

    private final ProxyMetrics metrics = new ProxyMetrics(new PrometheusRegistry());
    private final Transport transport = Transport.best();
    private final EventLoopGroup loops = transport.newGroup(1, "compress-unused");
    private EmbeddedChannel connection;

    @AfterEach
    void close() {
        connection.finishAndReleaseAll();
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void aConnectionOpenedWhileNothingIsCompressedHasNoCompressor() {
        connection = connect(Compression.OFF);

        String answer = send("GET /direct HTTP/1.1\r\nHost: c.example\r\nAccept-Encoding: gzip\r\n\r\n");

        assertThat(connection.pipeline().names()).contains(DownstreamHandler.NAME).doesNotContain(ResponseCompressor.NAME);
        assertThat(answer).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("content-encoding").endsWith(ANSWER);
    }

    @Test
    void aConnectionOpenedWhileGzipIsOnCompressesTheProxysOwnAnswers() {
        connection = connect(Compression.OFF.withGzip(Compression.OFF.gzip().enabled(true)));

        String answer = send("GET /direct HTTP/1.1\r\nHost: c.example\r\nAccept-Encoding: gzip\r\n\r\n");

        List<String> names = connection.pipeline().names();
        assertThat(names.indexOf(ResponseCompressor.NAME)).isEqualTo(names.indexOf(DownstreamHandler.NAME) - 1);
        assertThat(answer).startsWith("HTTP/1.1 200").containsIgnoringCase("content-encoding: gzip")
                .doesNotContain(ANSWER.substring(0, 40));
    }

    private EmbeddedChannel connect(Compression compression) {
        ProxySettings settings = ProxySettings.builder().build();
        ProxyContext proxy = new ProxyContext(settings, transport, loops, null, metrics,
                AccessLog.create(ProxySettings.AccessLogFormat.OFF, null, metrics),
                LiveRouting.build(RoutingSnapshot.empty(), null, metrics, settings), new UpstreamTlsContexts());
        RoutingSnapshot snapshot = RoutingSnapshot.of(1, List.of(new VirtualHost(HostPattern.of("c.example"), List.of(
                new Route("test/direct", PathMatch.exact("/direct"), new RouteAction.DirectResponse(200, ANSWER))))), List.of(), null)
                .withTuning(ProxyTuning.DEFAULTS.withCompression(compression));
        proxy.publish(LiveRouting.build(snapshot, null, metrics, settings));
        // a child of a server channel, as accepted connections are, with a socket's addresses, which the proxy reads
        return new EmbeddedChannel(new NioServerSocketChannel(), DefaultChannelId.newInstance(), true, false,
                new HttpListenerInitializer(proxy, null)) {
            @Override
            protected SocketAddress localAddress0() {
                return new InetSocketAddress("192.0.2.1", 8080);
            }

            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("198.51.100.7", 40000);
            }
        };
    }

    private String send(String request) {
        connection.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        connection.runPendingTasks();
        StringBuilder answer = new StringBuilder();
        for (Object out; (out = connection.readOutbound()) != null; ) {
            ByteBuf bytes = (ByteBuf) out;
            answer.append(bytes.toString(StandardCharsets.ISO_8859_1));
            bytes.release();
        }
        return answer.toString();
    }
}
