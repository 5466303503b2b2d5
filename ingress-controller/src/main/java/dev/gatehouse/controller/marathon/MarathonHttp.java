package dev.gatehouse.controller.marathon;

import dev.gatehouse.controller.marathon.MarathonSettings.Basic;
import dev.gatehouse.controller.marathon.MarathonSettings.Credentials;
import dev.gatehouse.controller.marathon.MarathonSettings.Token;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP client that both the app reads and the event stream use, and how their requests look: HTTP/1.1
 * (Marathon speaks nothing else, and an {@code h2c} upgrade offer only confuses proxies in front of it),
 * the credentials on every request, and the client's threads named {@code gatehouse-marathon-http-*}.
 */
final class MarathonHttp implements AutoCloseable {

    private final ExecutorService executor;
    private final HttpClient client;
    private final String authorization;

    MarathonHttp(MarathonSettings settings) {
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "gatehouse-marathon-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
        this.authorization = authorization(settings.credentials());
    }

    HttpClient client() {
        return client;
    }

    /** A GET of {@code pathAndQuery} (starting with {@code /v2/}) below {@code base}. */
    HttpRequest.Builder get(URI base, String pathAndQuery, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .header("Accept", accept)
                .GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private static String authorization(Credentials credentials) {
        if (credentials instanceof Basic basic) {
            String pair = basic.user() + ":" + basic.password();
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        if (credentials instanceof Token token) {
            return "token=" + token.token();
        }
        return null;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
