package dev.gatehouse.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.TraceSettings;
import dev.gatehouse.proxy.http.ClientInfo;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import org.junit.jupiter.api.Test;

class UnsampledTraceTest {

    private static final ClientInfo CLIENT = new ClientInfo("127.0.0.1", "127.0.0.1", false, "8080", "req", "http");

    @Test
    void aRequestLeftOutBySamplingStillSendsAnUnsampledTraceparentUpstreamAndHasATraceId() {
        // no collector listens there: an unsampled span is never exported
        try (RequestTracer tracer = RequestTracers.create(new TraceSettings(URI.create("http://127.0.0.1:9"), 0.0),
                new ProxyMetrics(new PrometheusRegistry()))) {
            TraceSpan span = tracer.start(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"), "1.1", CLIENT, true);
            HttpHeaders upstream = new DefaultHttpHeaders();
            span.inject(upstream);

            assertThat(span.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
            assertThat(upstream.get("traceparent")).matches("00-" + span.traceId() + "-[0-9a-f]{16}-0[02]");
        }
    }
}
