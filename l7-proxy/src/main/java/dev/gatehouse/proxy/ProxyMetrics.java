package dev.gatehouse.proxy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's metrics. Hot-path handles (per route, per cluster) are looked up once per snapshot and
 * kept in {@link RouteStats} and {@link ClusterRuntime}, so a request pays an increment, not a label lookup.
 */
final class ProxyMetrics {

    final Counter requests;
    final Histogram upstreamLatency;
    final Counter upstreamErrors;
    final Gauge snapshotVersion;
    final Gauge snapshotAppliedTime;
    private final LongAdder activeConnections = new LongAdder();

    ProxyMetrics(PrometheusRegistry registry) {
        requests = Counter.builder()
                .name("gatehouse_http_requests_total")
                .help("Requests answered, by virtual host, route and status class")
                .labelNames("virtual_host", "route", "status_class")
                .withoutExemplars()
                .register(registry);
        upstreamLatency = Histogram.builder()
                .name("gatehouse_upstream_response_seconds")
                .help("Time from sending a request upstream to the end of its response, by cluster")
                .unit(Unit.SECONDS)
                .labelNames("cluster")
                .classicOnly()
                .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
                .withoutExemplars()
                .register(registry);
        upstreamErrors = Counter.builder()
                .name("gatehouse_upstream_errors_total")
                .help("Upstream failures, by cluster and reason (connect, reset, timeout)")
                .labelNames("cluster", "reason")
                .withoutExemplars()
                .register(registry);
        snapshotVersion = Gauge.builder()
                .name("gatehouse_snapshot_version")
                .help("Version of the live routing snapshot")
                .withoutExemplars()
                .register(registry);
        snapshotAppliedTime = Gauge.builder()
                .name("gatehouse_snapshot_applied_timestamp_seconds")
                .help("When the live routing snapshot was applied, in seconds since the epoch")
                .withoutExemplars()
                .register(registry);
        GaugeWithCallback.builder()
                .name("gatehouse_downstream_connections_active")
                .help("Open downstream (client) connections")
                .callback(callback -> callback.call(activeConnections.sum()))
                .register(registry);
    }

    void connectionOpened() {
        activeConnections.increment();
    }

    void connectionClosed() {
        activeConnections.decrement();
    }

    void upstreamError(ClusterRuntime cluster, String reason) {
        upstreamErrors.labelValues(cluster.name(), reason).inc();
    }
}
