package dev.gatehouse.proxy.observe;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The metrics of the UDP listeners, by listener; {@link #listener} hands one listener's handles to its relay. */
public final class UdpMetrics {

    private final Counter sessions;
    private final Gauge activeSessions;
    private final Counter received;
    private final Counter receivedBytes;
    private final Counter sent;
    private final Counter sentBytes;
    private final Counter dropped;
    public final Counter bindFailures;

    public UdpMetrics(PrometheusRegistry registry) {
        sessions = Counter.builder()
                .name("gatehouse_udp_sessions_total")
                .help("Sessions UDP listeners opened (one per client address until it is idle), by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        activeSessions = Gauge.builder()
                .name("gatehouse_udp_sessions_active")
                .help("Open sessions of UDP listeners, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        received = Counter.builder()
                .name("gatehouse_udp_received_datagrams_total")
                .help("Datagrams UDP listeners received from clients and relayed upstream, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        receivedBytes = Counter.builder()
                .name("gatehouse_udp_received_bytes_total")
                .help("Bytes of the datagrams UDP listeners received from clients and relayed upstream, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        sent = Counter.builder()
                .name("gatehouse_udp_sent_datagrams_total")
                .help("Datagrams UDP listeners received from upstream and relayed to clients, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        sentBytes = Counter.builder()
                .name("gatehouse_udp_sent_bytes_total")
                .help("Bytes of the datagrams UDP listeners received from upstream and relayed to clients, by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
        dropped = Counter.builder()
                .name("gatehouse_udp_dropped_datagrams_total")
                .help("Datagrams UDP listeners did not relay, by listener and reason (oversized, sessions_limit, no_endpoint, "
                        + "unrouted, busy, upstream_error)")
                .labelNames("listener", "reason")
                .withoutExemplars()
                .register(registry);
        bindFailures = Counter.builder()
                .name("gatehouse_udp_listener_bind_failures_total")
                .help("Attempts to bind a UDP listener's port that failed (retried every 5 s and with each snapshot), by listener")
                .labelNames("listener")
                .withoutExemplars()
                .register(registry);
    }

    /** The handles of one listener, looked up once per listener so that a datagram costs increments, not label lookups. */
    public UdpStats listener(String name) {
        return new UdpStats(sessions.labelValues(name), activeSessions.labelValues(name), received.labelValues(name),
                receivedBytes.labelValues(name), sent.labelValues(name), sentBytes.labelValues(name),
                dropped.labelValues(name, "oversized"), dropped.labelValues(name, "sessions_limit"),
                dropped.labelValues(name, "no_endpoint"), dropped.labelValues(name, "unrouted"), dropped.labelValues(name, "busy"),
                dropped.labelValues(name, "upstream_error"));
    }
}
