package dev.gatehouse.proxy;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.tcp.TcpListeners;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Gauges read at each scrape: endpoint health, certificate validity, TCP listener binding, readiness. */
final class LiveGauges {

    private LiveGauges() {
    }

    /** Endpoint health as seen by the proxy, read from the live routing at each scrape. */
    static void registerEndpointHealth(PrometheusRegistry registry, Supplier<LiveRouting> live) {
        GaugeWithCallback.builder()
                .name("gatehouse_upstream_endpoint_available")
                .help("1 when an endpoint takes requests, 0 when its active check fails or outlier detection ejected it")
                .labelNames("cluster", "endpoint")
                .callback(callback -> {
                    long now = System.nanoTime();
                    for (ClusterRuntime cluster : live.get().clusters()) {
                        for (Member member : cluster.members()) {
                            callback.call(member.health().available(now) ? 1 : 0, cluster.name(), member.endpoint().toString());
                        }
                    }
                })
                .register(registry);
    }

    /** The expiry of every certificate bound in the live snapshot, by host and Secret. */
    static void registerCertificates(PrometheusRegistry registry, Supplier<LiveRouting> live) {
        GaugeWithCallback.builder()
                .name("gatehouse_tls_certificate_expiry_timestamp_seconds")
                .help("When the certificate served for a host expires (Unix time), by host and Secret")
                .labelNames("host", "secret")
                .callback(callback -> live.get().snapshot().tls().forEach(binding -> callback.call(
                        binding.certificate().notAfter().getEpochSecond(), binding.host().toString(), binding.secret())))
                .register(registry);
        // with the expiry, the share of its lifetime left: what tells a renewal that is overdue from a short-lived certificate
        GaugeWithCallback.builder()
                .name("gatehouse_tls_certificate_not_before_timestamp_seconds")
                .help("When the certificate served for a host became valid (Unix time), by host and Secret")
                .labelNames("host", "secret")
                .callback(callback -> live.get().snapshot().tls().forEach(binding -> callback.call(
                        binding.certificate().notBefore().getEpochSecond(), binding.host().toString(), binding.secret())))
                .register(registry);
    }

    /** Whether this replica is ready (what /readyz says), read at each scrape: alerts need no kube-state-metrics. */
    static void registerReadiness(PrometheusRegistry registry, BooleanSupplier ready) {
        GaugeWithCallback.builder()
                .name("gatehouse_ready")
                .help("1 when this replica is ready to serve (a snapshot is applied and it is not shutting down), else 0")
                .callback(callback -> callback.call(ready.getAsBoolean() ? 1 : 0))
                .register(registry);
    }

    /** Whether each TCP listener of the live snapshot has its port bound, read at each scrape. */
    static void registerTcpListeners(PrometheusRegistry registry, Supplier<LiveRouting> live, TcpListeners listeners) {
        GaugeWithCallback.builder()
                .name("gatehouse_tcp_listener_bound")
                .help("1 when a TCP listener of the live snapshot has its port bound, 0 while binding fails")
                .labelNames("listener", "port")
                .callback(callback -> live.get().snapshot().tcpListeners().forEach(listener -> callback.call(
                        listeners.address(listener.port()) != null ? 1 : 0, listener.name(), String.valueOf(listener.port()))))
                .register(registry);
    }
}
