package dev.gatehouse.proxy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A small HTTP/1.1 client for tests, on the JDK client. Setting the Host header needs the JVM property
 * {@code jdk.httpclient.allowRestrictedHeaders=host}, which the build sets for the test JVMs.
 */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final int port;

    public Http(int port) {
        this.port = port;
    }

    /** GET {@code path} with the given Host header. */
    public HttpResponse<String> get(String host, String path) {
        return send(request(host, path).GET().build());
    }

    public HttpRequest.Builder request(String host, String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (host != null) {
            builder.header("Host", host);
        }
        return builder;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The name of the upstream that answered, from its {@code X-Upstream} header, or the status when none did. */
    public static String answeredBy(HttpResponse<?> response) {
        return response.headers().firstValue(TestUpstream.NAME_HEADER).orElse("status " + response.statusCode());
    }
}
