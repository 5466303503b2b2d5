package dev.gatehouse.controller.marathon;

import dev.gatehouse.controller.marathon.AppsJson.Apps;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads every app with its tasks from the first Marathon URL that answers. A URL that refuses, times out,
 * answers other than 200 (a Marathon without a leader answers 503) or sends a body that is not a list of
 * apps is passed over for the next (see {@link Failover}).
 */
final class MarathonClient {

    static final String APPS = "/v2/apps?embed=apps.tasks";

    private final MarathonHttp http;
    private final Failover failover;
    private final Duration readTimeout;

    /** The apps and the URL that answered. */
    record Read(URI url, Apps apps) {
    }

    MarathonClient(MarathonHttp http, MarathonSettings settings) {
        this.http = http;
        this.failover = new Failover(settings.urls());
        this.readTimeout = settings.readTimeout();
    }

    /**
     * @param routedBefore the ids of the tasks that took traffic after the previous read
     * @throws MarathonException naming each URL and why it gave no apps
     */
    Read read(Set<String> routedBefore) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        for (URI url : failover.order()) {
            try {
                HttpResponse<byte[]> response = http.client().send(
                        http.get(url, APPS, "application/json").timeout(readTimeout).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200) {
                    failures.add(url + ": HTTP " + response.statusCode() + excerpt(response.body()));
                    continue;
                }
                Read read = new Read(url, AppsJson.parse(response.body(), routedBefore));
                failover.answered(url);
                return read;
            } catch (IOException e) {
                failures.add(url + ": " + MarathonException.describe(e));
            } catch (AppsJson.BadBody | Field.BadField e) {
                failures.add(url + ": " + e.getMessage());
            }
        }
        throw new MarathonException("no Marathon URL answered GET " + APPS + ": " + String.join("; ", failures));
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "";
        }
        return " " + (text.length() <= 200 ? text : text.substring(0, 197) + "...");
    }
}
