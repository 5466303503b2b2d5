package dev.gatehouse.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.TraceSettings;
import dev.gatehouse.proxy.http.ClientInfo;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SpanExportQueueTest {

    private static final ClientInfo CLIENT = new ClientInfo("127.0.0.1", "127.0.0.1", false, "8080", "req", "http");

    @Test
    void spansThatFindTheQueueFullWhileTheCollectorStallsAreDroppedAndCounted() throws IOException {
        PrometheusRegistry registry = new PrometheusRegistry();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket stalled = new ServerSocket(0, 16, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(stalled.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RequestTracer tracer = RequestTracers.create(
                    new TraceSettings(URI.create("http://127.0.0.1:" + stalled.getLocalPort()), 1.0), new ProxyMetrics(registry));
            try {
                int ended = 3 * OtlpTracer.QUEUE_SIZE;
                for (int i = 0; i < ended; i++) {
                    tracer.start(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/" + i), "1.1", CLIENT, true)
                            .end(new TraceSpan.Outcome(200, "web.example", "web", "default/web:80", null, 0, 0));
                }

                // at most one queue and one batch were taken: every span beyond waits for nothing and is dropped
                await().atMost(Duration.ofSeconds(5)).until(() -> dropped(registry) > 0);
                assertThat(dropped(registry)).isBetween((double) ended - OtlpTracer.QUEUE_SIZE - 512, (double) ended);
            } finally {
                stalled.close();
                for (Socket socket : held) {
                    socket.close();
                }
                tracer.close();
            }
        }
    }

    private static double dropped(PrometheusRegistry registry) {
        for (MetricSnapshot metric : registry.scrape()) {
            if (metric instanceof CounterSnapshot counter && counter.getMetadata().getName().equals("gatehouse_trace_spans_dropped")) {
                return counter.getDataPoints().get(0).getValue();
            }
        }
        return -1;
    }
}
