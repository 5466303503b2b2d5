package dev.gatehouse.controller.marathon;

import dev.gatehouse.controller.retry.Backoff;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows Marathon's event stream ({@code /v2/events}, server-sent events) on its own thread,
 * {@code gatehouse-marathon-events}. An event that can change what is routed only says so: the source then
 * reads every app again, never the event's payload. Each time the stream opens it asks for a full read too,
 * for what happened while it was closed. When the stream ends or fails it reopens after a backoff with
 * jitter, starting again from the URL that answered last.
 */
final class MarathonEvents implements AutoCloseable {

    /**
     * The events marathon-lb follows (a task's state or health changed, an app was posted), and two it does
     * not: an app's removal and the end of a deployment, so the list after them is read at once rather than
     * at the next resync.
     */
    static final Set<String> RELEVANT = Set.of("status_update_event", "health_status_changed_event",
            "api_post_event", "app_terminated_event", "deployment_success");
    /** Marathon 1.3 and later send only these; {@code plan-format=light} keeps deployment events small. */
    static final String EVENTS = "/v2/events?plan-format=light"
            + RELEVANT.stream().sorted().map(name -> "&event_type=" + name).collect(Collectors.joining());

    private static final Logger log = LoggerFactory.getLogger(MarathonEvents.class);

    private final MarathonHttp http;
    private final Failover failover;
    private final Backoff backoff;
    private final long longLivedNanos;
    private final Runnable connected;
    private final Runnable changed;
    private final MarathonMetrics metrics;
    private final Thread thread;
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile InputStream body;

    /**
     * @param connected called each time the stream opens
     * @param changed   called for each relevant event; both run on the stream's thread and must be cheap
     */
    MarathonEvents(MarathonHttp http, MarathonSettings settings, Runnable connected, Runnable changed,
                   MarathonMetrics metrics) {
        this.http = http;
        this.failover = new Failover(settings.urls());
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        // a stream that stayed open longer than the longest wait was no sign of trouble
        this.longLivedNanos = settings.reconnectMax().toNanos();
        this.connected = connected;
        this.changed = changed;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "gatehouse-marathon-events");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        int failures = 0;
        while (closing.getCount() > 0) {
            long open = follow();
            if (closing.getCount() == 0) {
                return;
            }
            failures = open >= longLivedNanos ? 1 : failures + 1;
            long wait = backoff.after(failures).toMillis();
            log.debug("reopening the Marathon event stream in {} ms", wait);
            try {
                if (closing.await(wait, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            metrics.eventStreamReconnected();
        }
    }

    /** Follows the stream of the first URL that opens one; how long it was open in nanoseconds, -1 if none opened. */
    private long follow() {
        List<String> failures = new ArrayList<>();
        for (URI url : failover.order()) {
            HttpResponse<InputStream> response;
            try {
                response = http.client().send(http.get(url, EVENTS, "text/event-stream")
                        .header("Cache-Control", "no-cache")
                        .build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                failures.add(url + ": " + MarathonException.describe(e));
                continue;
            } catch (InterruptedException e) {
                return -1;
            }
            if (response.statusCode() != 200) {
                failures.add(url + ": HTTP " + response.statusCode());
                closeQuietly(response.body());
                continue;
            }
            failover.answered(url);
            long opened = System.nanoTime();
            log.info("following Marathon events at {}", url);
            connected.run();
            read(url, response.body());
            return System.nanoTime() - opened;
        }
        if (closing.getCount() > 0) {
            log.warn("no Marathon URL opened the event stream GET {}: {}", EVENTS, String.join("; ", failures));
        }
        return -1;
    }

    private void read(URI url, InputStream stream) {
        body = stream;
        SseParser parser = new SseParser(event -> {
            if (RELEVANT.contains(event.name())) {
                changed.run();
            }
        });
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            // readLine ends a line at CR, LF or CRLF, as the event-stream format wants
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                parser.line(line);
            }
            log.info("the Marathon event stream at {} ended", url);
        } catch (IOException e) {
            if (closing.getCount() > 0) {
                log.warn("the Marathon event stream at {} failed: {}", url, MarathonException.describe(e));
            }
        } finally {
            body = null;
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // nothing was read from it; the connection is dropped either way
        }
    }

    @Override
    public void close() {
        closing.countDown();
        // the JDK client's body stream may wait for data without noticing a close, but not an interrupt
        thread.interrupt();
        InputStream open = body;
        if (open != null) {
            closeQuietly(open);
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
