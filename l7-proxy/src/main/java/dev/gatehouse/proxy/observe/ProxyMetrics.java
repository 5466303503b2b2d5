package dev.gatehouse.proxy.observe;

import dev.gatehouse.proxy.balance.ClusterRuntime;
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
public final class ProxyMetrics {

    public final Counter requests;
    public final Histogram upstreamLatency;
    final Counter upstreamErrors;
    public final Counter panics;
    public final Counter ejections;
    public final Counter rejectedConnections;
    final Counter accessLogDropped;
    public final Counter mirrorDropped;
    public final Counter globalRateLimitErrors;
    public final Counter tlsHandshakes;
    public final Counter tlsHandshakeFailures;
    public final Counter connectionFailures;
    public final Counter http2Abuse;
    public final Counter compressedResponses;
    public final Counter brotliUnavailable;
    final Counter tcpConnections;
    final Gauge tcpActiveConnections;
    final Counter tcpReceivedBytes;
    final Counter tcpSentBytes;
    final Counter tcpConnectFailures;
    final Counter tcpUnserved;
    final Counter tcpDenied;
    public final Counter tcpBindFailures;
    public final Gauge snapshotVersion;
    public final Gauge snapshotAppliedTime;
    private final PrometheusRegistry registry;
    private final LongAdder activeConnections = new LongAdder();

    public ProxyMetrics(PrometheusRegistry registry) {
        this.registry = registry;
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
        tlsHandshakes = Counter.builder()
                .name("gatehouse_tls_handshakes_total")
                .help("TLS handshakes completed on the HTTPS listener, by protocol version")
                .labelNames("protocol")
                .withoutExemplars()
                .register(registry);
        tlsHandshakeFailures = Counter.builder()
                .name("gatehouse_tls_handshake_failures_total")
                .help("TLS handshakes that failed, by reason (timeout, closed, protocol_version, no_shared_cipher, certificate, other)")
                .labelNames("reason")
                .withoutExemplars()
                .register(registry);
        connectionFailures = Counter.builder()
                .name("gatehouse_connection_failures_total")
                .help("Connections closed on a failure their handlers did not expect, mostly the peer's doing, by pipeline"
                        + " (downstream, tcp, upstream, health, admin, mirror) and reason (timeout, tls, reset, closed,"
                        + " malformed, io, other)")
                .labelNames("pipeline", "reason")
                .withoutExemplars()
                .register(registry);
        http2Abuse = Counter.builder()
                .name("gatehouse_http2_abuse_total")
                .help("HTTP/2 client connections cut (or streams refused or reset) past a limit, by reason (rapid_reset, "
                        + "control_frame_flood, empty_data_frames, continuation_flood, header_list_size, priority_flood, "
                        + "window_update_flood, excess_stream_errors, protocol_error, max_concurrent_streams, stalled_stream)")
                .labelNames("reason")
                .withoutExemplars()
                .register(registry);
        compressedResponses = Counter.builder()
                .name("gatehouse_compressed_responses_total")
                .help("Answers compressed for the client, by encoding (gzip, br)")
                .labelNames("encoding")
                .withoutExemplars()
                .register(registry);
        brotliUnavailable = Counter.builder()
                .name("gatehouse_compression_brotli_unavailable_total")
                .help("Answers that would have been brotli but went out gzip or as they were: brotli's native library did not load")
                .withoutExemplars()
                .register(registry);
        upstreamErrors = Counter.builder()
                .name("gatehouse_upstream_errors_total")
                .help("Upstream failures, by cluster and reason (connect, reset, timeout, protocol)")
                .labelNames("cluster", "reason")
                .withoutExemplars()
                .register(registry);
        panics = Counter.builder()
                .name("gatehouse_upstream_panic_total")
                .help("Requests sent to an unhealthy or ejected endpoint because no endpoint of the cluster was available")
                .labelNames("cluster")
                .withoutExemplars()
                .register(registry);
        ejections = Counter.builder()
                .name("gatehouse_upstream_ejections_total")
                .help("Endpoints taken out by passive outlier detection, by cluster")
                .labelNames("cluster")
                .withoutExemplars()
                .register(registry);
        rejectedConnections = Counter.builder()
                .name("gatehouse_downstream_connections_rejected_total")
                .help("Client connections closed at accept because the connection limit was reached")
                .withoutExemplars()
                .register(registry);
        accessLogDropped = Counter.builder()
                .name("gatehouse_access_log_dropped_total")
                .help("Access log lines dropped because the writer fell behind")
                .withoutExemplars()
                .register(registry);
        mirrorDropped = Counter.builder()
                .name("gatehouse_mirror_dropped_total")
                .help("Mirrored copies of requests not delivered, by reason (busy, too_large, failed)")
                .labelNames("reason")
                .withoutExemplars()
                .register(registry);
        globalRateLimitErrors = Counter.builder()
                .name("gatehouse_global_rate_limit_errors_total")
                .help("Requests let through uncounted because memcached, where global rate limits count, could not be asked in "
                        + "time, by reason (unreachable, timeout, answer, busy)")
                .labelNames("reason")
                .withoutExemplars()
                .register(registry);
        tcpConnections = Counter.builder()
                .name("gatehouse_tcp_connections_total")
                .help("Connections accepted by TCP listeners, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        tcpActiveConnections = Gauge.builder()
                .name("gatehouse_tcp_connections_active")
                .help("Open downstream connections of TCP listeners, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        tcpReceivedBytes = Counter.builder()
                .name("gatehouse_tcp_received_bytes_total")
                .help("Bytes TCP listeners received from downstream and relayed upstream, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        tcpSentBytes = Counter.builder()
                .name("gatehouse_tcp_sent_bytes_total")
                .help("Bytes TCP listeners received from upstream and relayed downstream, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        tcpConnectFailures = Counter.builder()
                .name("gatehouse_tcp_upstream_connect_failures_total")
                .help("Upstream connections of TCP listeners that failed or timed out, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        tcpUnserved = Counter.builder()
                .name("gatehouse_tcp_connections_unserved_total")
                .help("Downstream connections of TCP listeners closed without reaching an upstream (no endpoint, or every attempt failed)")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        tcpDenied = Counter.builder()
                .name("gatehouse_tcp_connections_denied_total")
                .help("Downstream connections of TCP listeners closed at once: the client is not in the allowed sources, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        tcpBindFailures = Counter.builder()
                .name("gatehouse_tcp_listener_bind_failures_total")
                .help("Attempts to bind a TCP listener's port that failed (retried every 5 s and with each snapshot), by listener")
                .labelNames("listener")
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

    /** The registry, for gauges whose values the layers above read from the live routing at each scrape. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** The metric handles of one TCP listener, for one connection's lifetime. */
    public TcpStats tcp(String listener) {
        return new TcpStats(tcpConnections.labelValues(listener), tcpActiveConnections.labelValues(listener),
                tcpReceivedBytes.labelValues(listener), tcpSentBytes.labelValues(listener),
                tcpConnectFailures.labelValues(listener), tcpUnserved.labelValues(listener), tcpDenied.labelValues(listener));
    }

    public void connectionOpened() {
        activeConnections.increment();
    }

    public void connectionClosed() {
        activeConnections.decrement();
    }

    public long activeConnections() {
        return activeConnections.sum();
    }

    public void upstreamError(String cluster, String reason) {
        upstreamErrors.labelValues(cluster, reason).inc();
    }

    public void forgetCluster(String cluster) {
        upstreamLatency.remove(cluster);
        panics.remove(cluster);
        ejections.remove(cluster);
        upstreamErrors.removeIf(labels -> labels.get(0).equals(cluster));
    }
}
