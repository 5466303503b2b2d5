package dev.gatehouse.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** Requests to the proxy and its admin port over keep-alive connections, for the propagation benchmarks. */
final class ProxyProbe {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final int proxyPort;
    private final int adminPort;

    ProxyProbe(int proxyPort, int adminPort) {
        this.proxyPort = proxyPort;
        this.adminPort = adminPort;
    }

    int status(String host, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + path)).header("Host", host)
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Asks for {@code host} until it answers 200 (at most a minute). */
    void awaitLive(String host) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (status(host, "/") != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(host + " was not live within 60 s");
            }
        }
    }

    /**
     * Waits until the count of rebuilds stayed the same for {@code quiet}, polling the admin port (at most a minute).
     *
     * @throws org.awaitility.core.ConditionTimeoutException when the rebuilds never stop
     */
    void awaitNoRebuildFor(Duration quiet) {
        long[] last = {-1};
        long[] changedAt = {System.nanoTime()};
        Awaitility.await("no rebuild for " + quiet.toMillis() + " ms").atMost(Duration.ofMinutes(1))
                .pollInterval(Duration.ofMillis(50)).until(() -> {
                    long count = rebuilds();
                    if (count != last[0]) {
                        last[0] = count;
                        changedAt[0] = System.nanoTime();
                    }
                    return System.nanoTime() - changedAt[0] >= quiet.toNanos();
                });
    }

    /** Rebuilds so far: the count of gatehouse_snapshot_build_seconds. */
    long rebuilds() throws IOException, InterruptedException {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("gatehouse_snapshot_build_seconds_count"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new IllegalStateException("no gatehouse_snapshot_build_seconds_count"));
    }
}
