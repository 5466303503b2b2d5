package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.EchoUpstream;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ErrorPages;
import dev.gatehouse.routing.Mirror;
import dev.gatehouse.routing.ProxyTuning;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.Tracing;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TracingTest {

    private static final String CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CLIENT_SPAN = "00f067aa0ba902b7";
    private static final String CLIENT_TRACEPARENT = "00-" + CLIENT_TRACE + "-" + CLIENT_SPAN + "-01";

    private final OtlpReceiver collector = new OtlpReceiver();
    private final RecordingUpstream upstream = new RecordingUpstream();
    private final ByteArrayOutputStream accessLog = new SynchronizedBuffer();
    private ProxyServer proxy;
    private Http http;

    @BeforeEach
    void start() {
        proxy = HttpProxy.start(ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0)
                .accessLog(ProxySettings.AccessLogFormat.JSON).tracing(new TraceSettings(collector.endpoint(), 1.0)).build(),
                new PrometheusRegistry(), accessLog);
        proxy.apply(new Snapshots()
                .route("web.example", "/", "web", upstream.port())
                .filtered("untrusting.example", "/", "edge", RequestFilters.NONE.withTracing(new Tracing(true, false)), upstream.port())
                .filtered("untraced.example", "/", "quiet", RequestFilters.NONE.withTracing(new Tracing(false, true)), upstream.port())
                .build(1));
        http = new Http(proxy.httpAddress().getPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.close();
        collector.close();
    }

    @Test
    void aForwardedRequestsSpanReachesTheCollectorWithRouteClusterAndStatusAndItsTraceIdGoesUpstreamAndIntoTheAccessLog() {
        http.send(http.request("web.example", "/page?q=1").header("X-Request-ID", "req-7").GET().build());

        OtlpReceiver.Received span = awaitSpans(1).get(0);
        assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(span.name()).isEqualTo("GET test/web:/");
        assertThat(span.text("gatehouse.route")).isEqualTo("test/web:/");
        assertThat(span.text("gatehouse.cluster")).isEqualTo("test/web:80");
        assertThat(span.number("http.response.status_code")).isEqualTo(200);
        assertThat(span.text("http.request.method")).isEqualTo("GET");
        assertThat(span.text("url.path")).isEqualTo("/page");
        assertThat(span.text("url.query")).isEqualTo("q=1");
        assertThat(span.text("server.address")).isEqualTo("web.example");
        assertThat(span.text("gatehouse.request_id")).isEqualTo("req-7");
        assertThat(span.parentSpanId()).isEmpty();
        assertThat(upstream.requests().get(0).header("traceparent")).singleElement().asString()
                .matches(sampled(span.traceId(), span.spanId()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !accessLog.toString(StandardCharsets.UTF_8).isEmpty());
        assertThat(JsonMapper.shared().readValue(accessLog.toString(StandardCharsets.UTF_8).trim(), Map.class))
                .containsEntry("request_id", "req-7").containsEntry("trace_id", span.traceId());
    }

    @Test
    void aTrustedRoutesSampledIncomingTraceparentIsContinued() {
        http.send(http.request("web.example", "/").header("traceparent", CLIENT_TRACEPARENT).header("tracestate", "vendor=1").GET().build());

        OtlpReceiver.Received span = awaitSpans(1).get(0);
        assertThat(span.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(span.parentSpanId()).isEqualTo(CLIENT_SPAN);
        RecordingUpstream.Seen seen = upstream.requests().get(0);
        assertThat(seen.header("traceparent")).containsExactly("00-" + CLIENT_TRACE + "-" + span.spanId() + "-01");
        assertThat(seen.header("tracestate")).containsExactly("vendor=1");
    }

    @Test
    void anUntrustingRoutesIncomingTraceparentIsReplacedByANewTrace() {
        http.send(http.request("untrusting.example", "/").header("traceparent", CLIENT_TRACEPARENT).header("tracestate", "vendor=1")
                .GET().build());

        OtlpReceiver.Received span = awaitSpans(1).get(0);
        assertThat(span.traceId()).isNotEqualTo(CLIENT_TRACE).matches("[0-9a-f]{32}");
        assertThat(span.parentSpanId()).isEmpty();
        RecordingUpstream.Seen seen = upstream.requests().get(0);
        assertThat(seen.header("traceparent")).singleElement().asString().matches(sampled(span.traceId(), span.spanId()));
        assertThat(seen.header("tracestate")).isEmpty();
    }

    @Test
    void aRouteWithTracingOffPassesTheClientsTraceparentOnAndExportsNoSpan() {
        http.send(http.request("untraced.example", "/").header("traceparent", CLIENT_TRACEPARENT).GET().build());
        http.send(http.request("web.example", "/after").GET().build());

        // the traced request came second: once its span is in, a span of the first would have been too
        OtlpReceiver.Received span = awaitSpans(1).get(0);
        assertThat(span.text("url.path")).isEqualTo("/after");
        assertThat(collector.spans()).hasSize(1);
        assertThat(upstream.requests().get(0).header("traceparent")).containsExactly(CLIENT_TRACEPARENT);
    }

    @Test
    void anAnswerReplacedByAnErrorPageEndsItsOwnSpanAndThePagesSpanIsItsChild() {
        try (TestUpstream missing = TestUpstream.start("missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        })) {
            RequestFilters pages = RequestFilters.NONE.withErrorPages(new ErrorPages(new ClusterName("test", "web", "80"), Set.of(404), "paged"));
            proxy.apply(new Snapshots().route("web.example", "/", "web", upstream.port())
                    .filtered("paged.example", "/", "missing", pages, missing.port()).build(2));

            assertThat(http.get("paged.example", "/gone").statusCode()).isEqualTo(200);

            List<OtlpReceiver.Received> spans = awaitSpans(2);
            OtlpReceiver.Received replaced = spans.stream().filter(s -> s.number("http.response.status_code") == 404).findFirst().orElseThrow();
            OtlpReceiver.Received page = spans.stream().filter(s -> s.number("http.response.status_code") == 200).findFirst().orElseThrow();
            assertThat(replaced.text("gatehouse.cluster")).isEqualTo("test/missing:80");
            assertThat(replaced.text("url.path")).isEqualTo("/gone");
            assertThat(page.text("gatehouse.cluster")).isEqualTo("test/web:80");
            assertThat(page.traceId()).isEqualTo(replaced.traceId());
            assertThat(page.parentSpanId()).isEqualTo(replaced.spanId());
            assertThat(upstream.requests().get(0).header("traceparent")).singleElement().asString()
                    .matches(sampled(page.traceId(), page.spanId()));
        }
    }

    @Test
    void answersGivenAtTheEdgeGetAServerSpanWithTheirStatusAndTheirTraceIdInTheAccessLog() {
        proxy.apply(new Snapshots()
                .redirecting("secure.example", "/", "web", 308, upstream.port())
                .filtered("closed.example", "/", "closed", new RequestFilters(List.of("10.0.0.0/8"), null, null, null, null), upstream.port())
                .build(2));

        assertThat(http.get("secure.example", "/login").statusCode()).isEqualTo(308);
        assertThat(http.send(http.request("closed.example", "/").header("traceparent", CLIENT_TRACEPARENT).GET().build()).statusCode())
                .isEqualTo(403);

        List<OtlpReceiver.Received> spans = awaitSpans(2);
        OtlpReceiver.Received redirect = spans.stream().filter(s -> "/login".equals(s.text("url.path"))).findFirst().orElseThrow();
        OtlpReceiver.Received refused = spans.stream().filter(s -> "closed.example".equals(s.text("server.address"))).findFirst().orElseThrow();
        assertThat(redirect.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(redirect.number("http.response.status_code")).isEqualTo(308);
        assertThat(redirect.text("gatehouse.route")).isEqualTo("test/web:/");
        assertThat(redirect.text("gatehouse.cluster")).isNull();
        assertThat(refused.number("http.response.status_code")).isEqualTo(403);
        assertThat(refused.traceId()).isEqualTo(CLIENT_TRACE);
        assertThat(refused.parentSpanId()).isEqualTo(CLIENT_SPAN);
        assertThat(upstream.requests()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> accessLog.toString(StandardCharsets.UTF_8).lines().count() == 2);
        assertThat(accessLog.toString(StandardCharsets.UTF_8).lines().map(line -> JsonMapper.shared().readValue(line, Map.class).get("trace_id")))
                .containsExactlyInAnyOrder(redirect.traceId(), refused.traceId());
    }

    @Test
    void aMirroredCopyGetsAClientSpanThatIsAChildOfTheRequestsSpanAndCarriesItUpstream() {
        try (RecordingUpstream mirror = new RecordingUpstream()) {
            RequestFilters mirrored = RequestFilters.NONE.withMirror(new Mirror("http://127.0.0.1:" + mirror.port() + "$request_uri", false, null));
            proxy.apply(new Snapshots().filtered("web.example", "/", "web", mirrored, upstream.port()).build(2));

            assertThat(http.get("web.example", "/copied").statusCode()).isEqualTo(200);

            List<OtlpReceiver.Received> spans = awaitSpans(2);
            OtlpReceiver.Received server = spans.stream().filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER).findFirst().orElseThrow();
            OtlpReceiver.Received copy = spans.stream().filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_CLIENT).findFirst().orElseThrow();
            assertThat(copy.traceId()).isEqualTo(server.traceId());
            assertThat(copy.parentSpanId()).isEqualTo(server.spanId());
            assertThat(copy.number("http.response.status_code")).isEqualTo(200);
            assertThat(copy.text("url.full")).isEqualTo("http://127.0.0.1:" + mirror.port() + "$request_uri");
            await().atMost(Duration.ofSeconds(5)).until(() -> !mirror.requests().isEmpty());
            assertThat(mirror.requests().get(0).header("traceparent")).singleElement().asString()
                    .matches(sampled(copy.traceId(), copy.spanId()));
        }
    }

    @Test
    void aTcpListenersConnectionGetsOneSpanWithItsUpstreamAndBytesEachWay() throws Exception {
        int port = TcpClient.freePort();
        try (EchoUpstream echo = EchoUpstream.start()) {
            proxy.apply(new TcpSnapshots().listener(port, "echo", echo.port()).build(2));
            try (TcpClient client = new TcpClient(port)) {
                assertThat(client.echo("hello")).isEqualTo("hello");
                assertThat(client.echo("again")).isEqualTo("again");
            }

            OtlpReceiver.Received span = awaitSpans(1).get(0);
            assertThat(span.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
            assertThat(span.name()).isEqualTo("tcp " + TcpSnapshots.name(port));
            assertThat(span.text("gatehouse.upstream.address")).isEqualTo("127.0.0.1:" + echo.port());
            assertThat(span.number("gatehouse.bytes_received")).isEqualTo(10);
            assertThat(span.number("gatehouse.bytes_sent")).isEqualTo(10);
            assertThat(span.text("client.address")).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void theSnapshotsGlobalTracingAndSampleRatioReplaceThoseTheProxyStartedWith() {
        proxy.apply(new Snapshots().route("web.example", "/", "web", upstream.port())
                .redirecting("secure.example", "/", "web", 308, upstream.port()).build(2)
                .withTuning(ProxyTuning.DEFAULTS.withTracing(new Tracing(false, true), 0.0)));

        http.send(http.request("web.example", "/unsampled").GET().build());
        assertThat(http.get("secure.example", "/untraced").statusCode()).isEqualTo(308);
        proxy.apply(new Snapshots().route("web.example", "/", "web", upstream.port()).build(3)
                .withTuning(ProxyTuning.DEFAULTS.withTracing(Tracing.DEFAULT, 1.0)));
        http.send(http.request("web.example", "/sampled").GET().build());

        // the last request's span is in: had the first two had one, they would have been exported before it
        OtlpReceiver.Received span = awaitSpans(1).get(0);
        assertThat(span.text("url.path")).isEqualTo("/sampled");
        assertThat(collector.spans()).hasSize(1);
        assertThat(upstream.requests().get(0).header("traceparent")).singleElement().asString().matches(".*-0[02]");
    }

    /** A sampled traceparent; a trace the proxy started also has W3C level 2's random flag (03). */
    private static String sampled(String traceId, String spanId) {
        return "00-" + traceId + "-" + spanId + "-0[13]";
    }

    private List<OtlpReceiver.Received> awaitSpans(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> collector.spans().size() >= count);
        return collector.spans();
    }

    /** The access log writes from its own thread while the test reads. */
    private static final class SynchronizedBuffer extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
        }

        @Override
        public synchronized String toString(Charset charset) {
            return super.toString(charset);
        }
    }
}
