package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.gatehouse.logging.testing.LogCapture;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;

/** What the peer-failure tests assert of every pipeline: nothing above DEBUG, nothing at Netty's tail. */
final class QuietLogs {

    private QuietLogs() {
    }

    static void assertQuiet(LogCapture logs) {
        assertThat(logs.atLeast(Level.INFO)).as(logs.describe(logs.events())).isEmpty();
        assertThat(logs.events()).noneMatch(event -> event.getFormattedMessage().contains("reached at the tail"));
    }

    static double failures(PrometheusRegistry registry, String pipeline, String reason) {
        return Counters.sum(registry, "gatehouse_connection_failures", Map.of("pipeline", pipeline, "reason", reason));
    }
}
