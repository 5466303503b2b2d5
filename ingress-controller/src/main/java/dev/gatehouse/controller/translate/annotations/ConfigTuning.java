package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.routing.Compression;
import dev.gatehouse.routing.ProxyTuning;
import dev.gatehouse.routing.Tracing;
import java.time.Duration;
import java.util.List;

/**
 * The proxy settings the global ConfigMap names ({@code keep-alive}, {@code client-header-timeout}, {@code client-body-timeout},
 * {@code use-proxy-protocol}, {@code use-forwarded-headers} / {@code proxy-real-ip-cidr},
 * {@code upstream-keepalive-*}, {@code enable-opentelemetry}, {@code opentelemetry-trust-incoming-span},
 * {@code otel-sampler} / {@code otel-sampler-ratio}, the compression keys); null where it names none, so that the command
 * line's value stands.
 */
public record ConfigTuning(Duration keepAliveTimeout, Duration clientHeaderTimeout, Boolean proxyProtocol, List<String> trustedProxies,
                    Integer upstreamKeepaliveConnections, Duration upstreamKeepaliveTimeout, Integer upstreamKeepaliveRequests,
                    Tracing tracing, Double traceSampleRatio, Compression compression, Duration clientBodyTimeout) {

    /** The ConfigMap names none of them. */
    static final ConfigTuning NONE = new ConfigTuning(null, null, null, null, null, null, null, null, null, null, null);

    public ConfigTuning {
        trustedProxies = trustedProxies == null ? null : List.copyOf(trustedProxies);
    }

    /** {@code base} (the command line's) with these values where they are set: what the snapshot carries. */
    public ProxyTuning over(ProxyTuning base) {
        return new ProxyTuning(keepAliveTimeout != null ? keepAliveTimeout : base.keepAliveTimeout(),
                clientHeaderTimeout != null ? clientHeaderTimeout : base.clientHeaderTimeout(),
                proxyProtocol != null ? proxyProtocol : base.proxyProtocol(),
                trustedProxies != null ? trustedProxies : base.trustedProxies(),
                upstreamKeepaliveConnections != null ? upstreamKeepaliveConnections : base.upstreamKeepaliveConnections(),
                upstreamKeepaliveTimeout != null ? upstreamKeepaliveTimeout : base.upstreamKeepaliveTimeout(),
                upstreamKeepaliveRequests != null ? upstreamKeepaliveRequests : base.upstreamKeepaliveRequests(),
                tracing != null ? tracing : base.tracing(), traceSampleRatio != null ? traceSampleRatio : base.traceSampleRatio(),
                compression != null ? compression : base.compression(),
                clientBodyTimeout != null ? clientBodyTimeout : base.clientBodyTimeout());
    }
}
