package dev.gatehouse.proxy;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.proxy.tcp.TcpListeners;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Supplier;

/** Gauges read from the live routing at each scrape: endpoint health, certificate expiry, TCP listener binding. */
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
