package dev.gatehouse.controller.kube;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the Kubernetes source is stale, and for how long: a watch is down because the API server is
 * unreachable or failing. Routing is unaffected (the last good snapshot keeps serving, and readiness
 * stays true); the gauge {@code gatehouse_kubernetes_source_stale_seconds} and a log line every
 * {@code logEvery} tell the operator that changes in the cluster are not reaching the proxy.
 */
public final class SourceHealth implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SourceHealth.class);
    private static final long FRESH = Long.MIN_VALUE;

    private final BooleanSupplier watching;
    private final long logEveryNanos;
    private final ScheduledExecutorService executor;
    private volatile long staleSince = FRESH;
    private long lastLogged;

    public SourceHealth(BooleanSupplier watching, PrometheusRegistry registry, Duration checkEvery, Duration logEvery) {
        this.watching = watching;
        this.logEveryNanos = logEvery.toNanos();
        GaugeWithCallback.builder()
                .name("gatehouse_kubernetes_source_stale_seconds")
                .help("How long the Kubernetes API watches have been down (0 while they are up); "
                        + "the proxy serves the last good snapshot meanwhile")
                .unit(Unit.SECONDS)
                .callback(callback -> callback.call(staleSeconds()))
                .register(registry);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-source-health");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::check, checkEvery.toNanos(), checkEvery.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Seconds since the source went stale, 0 while it is current. */
    public double staleSeconds() {
        long since = staleSince;
        return since == FRESH ? 0 : (System.nanoTime() - since) / 1e9;
    }

    private void check() {
        long now = System.nanoTime();
        if (watching.getAsBoolean()) {
            if (staleSince != FRESH) {
                log.info("the Kubernetes API source is current again after {}s", seconds(now - staleSince));
                staleSince = FRESH;
            }
        } else if (staleSince == FRESH) {
            staleSince = now;
            lastLogged = now;
            log.warn("lost the watch on the Kubernetes API: serving the last good routing snapshot while reconnecting");
        } else if (now - lastLogged >= logEveryNanos) {
            lastLogged = now;
            log.warn("the Kubernetes API source has been stale for {}s: changes in the cluster are not reaching the proxy",
                    seconds(now - staleSince));
        }
    }

    private static long seconds(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
