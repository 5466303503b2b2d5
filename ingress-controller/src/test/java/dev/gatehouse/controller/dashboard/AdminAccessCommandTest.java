package dev.gatehouse.controller.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.controller.testing.GatehouseProcess;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatehouse run --admin-bind-address --admin-token-file}, through real sockets to a child JVM. */
class AdminAccessCommandTest {

    private static final String TOKEN = "b7f0c2d9-admin-token";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path directory;

    @Test
    void theAdminPortBindsItsOwnAddressAndAsksForTheTokenFromTheFileExceptOnTheProbes() throws Exception {
        Path manifests = Files.createDirectories(directory.resolve("manifests"));
        Path tokenFile = Files.writeString(directory.resolve("token"), TOKEN + "\n");
        try (GatehouseProcess gatehouse = GatehouseProcess.start(directory, List.of("-Xmx128m"), "run",
                "--manifests", manifests.toString(), "--bind-address", "127.0.0.1", "--http-port", "0", "--https-port", "0",
                "--admin-port", "0", "--admin-bind-address", "127.0.0.2", "--admin-token-file", tokenFile.toString())) {
            int port = Integer.parseInt(gatehouse.awaitOutput("admin port on /127\\.0\\.0\\.2:(\\d+)", Duration.ofSeconds(30)));
            gatehouse.awaitOutput("routing snapshot v1 is live", Duration.ofSeconds(30));

            assertThat(get(port, "/healthz", null).statusCode()).isEqualTo(200);
            assertThat(get(port, "/readyz", null).statusCode()).isEqualTo(200);
            assertThat(get(port, "/metrics", null).statusCode()).isEqualTo(401);
            assertThat(get(port, "/api/v1/status", "Bearer not-" + TOKEN).statusCode()).isEqualTo(401);
            HttpResponse<String> metrics = get(port, "/metrics", "Bearer " + TOKEN);
            HttpResponse<String> status = get(port, "/api/v1/status", "Basic "
                    + Base64.getEncoder().encodeToString(("operator:" + TOKEN).getBytes(StandardCharsets.UTF_8)));

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("gatehouse_ready 1.0");
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.body()).contains("\"mode\":\"standalone\"");
            assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
            assertThat(gatehouse.output()).doesNotContain(TOKEN);
        }
    }

    private static HttpResponse<String> get(int port, String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.2:" + port + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
