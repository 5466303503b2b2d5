package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.GatehouseProcess;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies stream through the proxy: a 50 MB upload and a 50 MB download pass through a Gatehouse whose
 * JVM has a 64 MB heap, which could not hold either body.
 */
class StreamingMemoryTest {

    private static final long SIZE = 50L * 1024 * 1024;

    @TempDir
    Path directory;

    @Test
    void a_50_mb_request_and_a_50_mb_response_pass_through_a_proxy_with_a_64_mb_heap() throws IOException {
        AtomicLong uploaded = new AtomicLong();
        try (TestUpstream upstream = TestUpstream.start("bulk", exchange -> {
            long received = 0;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received += n;
                }
            }
            uploaded.set(received);
            exchange.getResponseHeaders().set("X-Received-Bytes", Long.toString(received));
            exchange.sendResponseHeaders(200, SIZE);
            byte[] chunk = new byte[65536];
            try (OutputStream out = exchange.getResponseBody()) {
                for (long sent = 0; sent < SIZE; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        })) {
            Path manifests = Files.createDirectory(directory.resolve("manifests"));
            Files.writeString(manifests.resolve("bulk.yaml"), dev.gatehouse.controller.testing.Manifests.service(
                    "bulk", 80, "127.0.0.1", upstream.port()) + "---\n"
                    + dev.gatehouse.controller.testing.Manifests.ingress("bulk", "bulk.example", "Prefix", "/", "bulk", 80));

            try (GatehouseProcess gatehouse = GatehouseProcess.start(directory, List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
                    "run", "--manifests", manifests.toString(), "--bind-address", "127.0.0.1",
                    "--http-port", "0", "--https-port", "0", "--admin-port", "0", "--event-loop-threads", "1", "--max-request-body-size", "0",
                    "--access-log", "off")) {
                int port = Integer.parseInt(gatehouse.awaitOutput("serving HTTP on /127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(30)));
                gatehouse.awaitOutput("routing snapshot v1 is live", Duration.ofSeconds(30));
                Http http = new Http(port);

                HttpResponse<InputStream> response = http.send(http.request("bulk.example", "/upload")
                                .timeout(Duration.ofSeconds(120))
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(SIZE))).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                long downloaded = 0;
                try (InputStream body = response.body()) {
                    byte[] buffer = new byte[65536];
                    for (int n; (n = body.read(buffer)) >= 0; ) {
                        downloaded += n;
                    }
                }

                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(uploaded.get()).isEqualTo(SIZE);
                assertThat(response.headers().firstValue("X-Received-Bytes")).hasValue(Long.toString(SIZE));
                assertThat(downloaded).isEqualTo(SIZE);
                assertThat(gatehouse.isAlive()).as("the proxy survived with its 64 MB heap: %s", gatehouse.output()).isTrue();
            }
        }
    }

    @Test
    void a_100_mb_upload_through_a_slow_upstream_keeps_the_proxy_within_its_64_mb_heap() throws IOException {
        long size = 100L * 1024 * 1024;
        AtomicLong received = new AtomicLong();
        try (TestUpstream slow = TestUpstream.start("slow", exchange -> {
            // A deliberately slow peer: it waits a millisecond after each 128 KB, far below what the client
            // could send, so the proxy must hold the client back.
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buffer = new byte[65536];
                long sincePause = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    received.addAndGet(n);
                    sincePause += n;
                    if (sincePause >= 128 * 1024) {
                        sincePause = 0;
                        java.util.concurrent.TimeUnit.MILLISECONDS.sleep(1);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        })) {
            Path manifests = Files.createDirectory(directory.resolve("slow-manifests"));
            Files.writeString(manifests.resolve("slow.yaml"), dev.gatehouse.controller.testing.Manifests.service(
                    "slow", 80, "127.0.0.1", slow.port()) + "---\n"
                    + dev.gatehouse.controller.testing.Manifests.ingress("slow", "slow.example", "Prefix", "/", "slow", 80));
            try (GatehouseProcess gatehouse = GatehouseProcess.start(directory, List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
                    "run", "--manifests", manifests.toString(), "--bind-address", "127.0.0.1", "--http-port", "0", "--https-port", "0",
                    "--admin-port", "0", "--event-loop-threads", "1", "--max-request-body-size", "0", "--access-log", "off")) {
                int port = Integer.parseInt(gatehouse.awaitOutput("serving HTTP on /127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(30)));
                gatehouse.awaitOutput("routing snapshot v1 is live", Duration.ofSeconds(30));
                Http http = new Http(port);

                HttpResponse<String> response = http.send(http.request("slow.example", "/upload")
                        .timeout(Duration.ofSeconds(120))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(size))).build());

                assertThat(response.statusCode()).isEqualTo(204);
                assertThat(received.get()).isEqualTo(size);
                assertThat(gatehouse.isAlive()).as("the proxy survived with its 64 MB heap: %s", gatehouse.output()).isTrue();
            }
        }
    }

    /** {@code size} zero bytes, generated as they are read. */
    private static final class ZeroStream extends InputStream {
        private long remaining;

        ZeroStream(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining == 0) {
                return -1;
            }
            remaining--;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(length, remaining);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
            remaining -= n;
            return n;
        }
    }
}
