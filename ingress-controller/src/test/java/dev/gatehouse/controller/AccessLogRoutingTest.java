package dev.gatehouse.controller;

import static dev.gatehouse.controller.testing.Manifests.annotatedIngress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.Http;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** enable-access-log through real requests, Gatehouse standalone with its JSON access log in a buffer of the test. */
class AccessLogRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;
    static final ByteArrayOutputStream out = new SynchronizedBuffer();

    @BeforeAll
    static void start() {
        world = RoutingWorld.start(directory, Map.of("web", 1), String.join("---\n",
                annotatedIngress("quiet", "quiet.example", "web", 8080, "nginx.ingress.kubernetes.io/enable-access-log: \"false\""),
                annotatedIngress("loud", "loud.example", "web", 8080, "nginx.ingress.kubernetes.io/enable-access-log: \"true\"")),
                ProxySettings.AccessLogFormat.JSON, out);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @Test
    void an_ingress_with_enable_access_log_false_is_not_written_to_the_access_log_while_another_one_is() {
        assertThat(Http.answeredBy(world.get("quiet.example", "/quiet-request"))).isEqualTo("web");
        // the log is written in request order: once the later loud request is in, a line of the quiet one would be too
        assertThat(Http.answeredBy(world.get("loud.example", "/loud-request"))).isEqualTo("web");

        await().atMost(Duration.ofSeconds(10)).until(() -> accessLog().stream().anyMatch(line -> line.contains("/loud-request")));
        assertThat(accessLog()).singleElement().asString().contains("\"host\":\"loud.example\"").contains("/loud-request");
    }

    private static List<String> accessLog() {
        return Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n")).filter(line -> line.startsWith("{\"time\"")).toList();
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
