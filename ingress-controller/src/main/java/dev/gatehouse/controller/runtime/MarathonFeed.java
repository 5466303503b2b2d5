package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.marathon.MarathonSettings;
import dev.gatehouse.controller.marathon.MarathonSource;
import dev.gatehouse.controller.view.ClusterView;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Marathon source as rebuilds see it: its apps joined to each view, and whether a rebuild may publish.
 * The first snapshot waits for the first read of Marathon, as it waits for the informers, so a restart does
 * not serve a moment of 404s for the apps; but only for {@link #FIRST_READ_WAIT}, since a Marathon that is
 * down must not keep the Ingresses from being served.
 */
final class MarathonFeed implements AutoCloseable {

    static final Duration FIRST_READ_WAIT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(MarathonFeed.class);

    private final CountDownLatch firstRead = new CountDownLatch(1);
    private final long started = System.nanoTime();
    private final MarathonSource source;
    private volatile boolean closed;

    private MarathonFeed(MarathonSettings settings, PrometheusRegistry registry, Runnable onChange) {
        this.source = MarathonSource.start(settings, registry, () -> {
            firstRead.countDown();
            onChange.run();
        });
    }

    /** @param onChange called when Marathon's apps changed, and once when the first read gave up waiting */
    static MarathonFeed start(MarathonSettings settings, PrometheusRegistry registry, Runnable onChange) {
        MarathonFeed feed = new MarathonFeed(settings, registry, onChange);
        CompletableFuture.delayedExecutor(FIRST_READ_WAIT.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!feed.closed && !feed.source.synced()) {
                log.warn("Marathon has not answered within {} s: routing without its apps until it does", FIRST_READ_WAIT.toSeconds());
                onChange.run();
            }
        });
        return feed;
    }

    /** The view with Marathon's apps as last read. */
    ClusterView join(ClusterView view) {
        return view.withMarathonApps(source.apps());
    }

    /** Whether a rebuild may publish: Marathon was read, or the first read is overdue. */
    boolean ready() {
        return source.synced() || System.nanoTime() - started >= FIRST_READ_WAIT.toNanos();
    }

    /** Seconds since reading Marathon began to fail, 0 while it succeeds. */
    double staleSeconds() {
        return source.staleSeconds();
    }

    /** Blocks until Marathon was read once, or the first read is overdue. */
    void awaitFirstRead() throws InterruptedException {
        if (!firstRead.await(FIRST_READ_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("Marathon has not answered within {} s: routing without its apps until it does", FIRST_READ_WAIT.toSeconds());
        }
    }

    @Override
    public void close() {
        closed = true;
        source.close();
    }
}
