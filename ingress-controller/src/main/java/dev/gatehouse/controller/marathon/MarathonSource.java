package dev.gatehouse.controller.marathon;

import dev.gatehouse.controller.retry.Backoff;
import dev.gatehouse.controller.view.MarathonApp;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marathon's apps as the translator reads them: the list of the last good read of {@code /v2/apps}. The
 * source reads every app when it starts, whenever the event stream opens or brings a relevant event (a
 * burst of them makes one read), every resync interval, and again after a failed read, with backoff. A
 * read that fails keeps the last good list: Marathon being unreachable never drops routes.
 *
 * <p>Reads run on {@code gatehouse-marathon-reads}, the event stream on {@code gatehouse-marathon-events},
 * HTTP on {@code gatehouse-marathon-http-*}; all are daemon threads, none is a Netty event loop.
 */
public final class MarathonSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MarathonSource.class);
    /** Events come in bursts (a deployment sends one per task and state): one read answers a burst. */
    private static final Duration READ_HOLD_OFF = Duration.ofMillis(500);

    private final MarathonHttp http;
    private final MarathonClient client;
    private final MarathonEvents events;
    private final MarathonMetrics metrics;
    private final Runnable onChange;
    private final Backoff retries;
    private final ScheduledExecutorService reads;
    private volatile List<MarathonApp> apps = List.of();
    private volatile boolean synced;
    private volatile long failingSince = Long.MIN_VALUE;
    private boolean readPending;
    private boolean retryPending;
    // only the reads thread touches these
    private int failures;
    private Set<String> problems = Set.of();
    private URI answered;

    private MarathonSource(MarathonSettings settings, PrometheusRegistry registry, Runnable onChange) {
        this.http = new MarathonHttp(settings);
        this.client = new MarathonClient(http, settings);
        this.metrics = new MarathonMetrics(registry);
        this.onChange = onChange;
        this.retries = new Backoff(settings.reconnectMin(), settings.reconnectMax(),
                () -> ThreadLocalRandom.current().nextDouble());
        this.reads = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-marathon-reads");
            thread.setDaemon(true);
            return thread;
        });
        this.events = new MarathonEvents(http, settings, this::readSoon, this::readSoon, metrics);
    }

    /**
     * Starts reading and following Marathon and returns at once; {@link #synced()} tells when the first read
     * succeeded.
     *
     * @param registry where the {@code gatehouse_marathon_*} metrics go
     * @param onChange called on the reads thread after the first good read and after each good read whose
     *                 list differs from the one before; must be cheap, such as a debouncer's trigger
     */
    public static MarathonSource start(MarathonSettings settings, PrometheusRegistry registry, Runnable onChange) {
        MarathonSource source = new MarathonSource(settings, registry, onChange);
        log.info("reading Marathon apps from {}", settings.urls());
        synchronized (source) {
            source.readPending = true;
        }
        source.reads.execute(source::read);
        long resync = settings.resyncInterval().toNanos();
        source.reads.scheduleWithFixedDelay(source::readSoon, resync, resync, TimeUnit.NANOSECONDS);
        source.events.start();
        return source;
    }

    /** The apps of the last good read, sorted by id; empty before the first. */
    public List<MarathonApp> apps() {
        return apps;
    }

    /** True once a read has succeeded, so that {@link #apps()} is Marathon's list and not the empty start. */
    public boolean synced() {
        return synced;
    }

    /** Seconds since reads began to fail (the apps of the last good read keep serving), 0 while they succeed. */
    public double staleSeconds() {
        long since = failingSince;
        return since == Long.MIN_VALUE ? 0 : (System.nanoTime() - since) / 1e9;
    }

    /** Marks the source dirty: a read follows after the hold-off, one for every burst of calls. */
    private void readSoon() {
        synchronized (this) {
            if (readPending) {
                return;
            }
            readPending = true;
        }
        try {
            reads.schedule(this::read, READ_HOLD_OFF.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: nobody reads the list any more
        }
    }

    private void read() {
        synchronized (this) {
            readPending = false;
        }
        try {
            succeeded(client.read(routedTasks()));
        } catch (MarathonException e) {
            failed(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("reading Marathon apps failed unexpectedly; keeping the last {} apps", apps.size(), e);
            failed(e.toString());
        }
    }

    private Set<String> routedTasks() {
        Set<String> ids = new HashSet<>();
        apps.forEach(app -> app.tasks().forEach(task -> ids.add(task.id())));
        return ids;
    }

    private void succeeded(MarathonClient.Read read) {
        failures = 0;
        failingSince = Long.MIN_VALUE;
        metrics.read(true);
        List<String> found = read.apps().problems();
        for (String problem : found) {
            if (!problems.contains(problem)) {
                log.warn("marathon {}: {}", read.url(), problem);
            }
        }
        problems = Set.copyOf(found);
        List<MarathonApp> next = read.apps().apps();
        metrics.lastGoodRead(next.size(), found.size());
        if (!read.url().equals(answered)) {
            log.info("read {} Marathon apps from {}", next.size(), read.url());
            answered = read.url();
        }
        if (synced && next.equals(apps)) {
            return;
        }
        apps = next;
        synced = true;
        try {
            onChange.run();
        } catch (RuntimeException e) {
            log.error("the Marathon change listener failed", e);
        }
    }

    private void failed(String message) {
        failures++;
        if (failingSince == Long.MIN_VALUE) {
            failingSince = System.nanoTime();
        }
        metrics.read(false);
        Duration wait = retries.after(failures);
        log.warn("{}; {}, reading again in {} ms", message,
                synced ? "keeping the last " + apps.size() + " apps read" : "no app read yet", wait.toMillis());
        synchronized (this) {
            if (retryPending) {
                return;
            }
            retryPending = true;
        }
        try {
            reads.schedule(() -> {
                synchronized (this) {
                    retryPending = false;
                }
                readSoon();
            }, wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    @Override
    public void close() {
        events.close();
        reads.shutdownNow();
        try {
            reads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
