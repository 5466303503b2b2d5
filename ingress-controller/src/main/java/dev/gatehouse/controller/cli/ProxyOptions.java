package dev.gatehouse.controller.cli;

import dev.gatehouse.proxy.ProxySettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The proxy's listener and upstream flags, shared by {@code run} and {@code demo}. */
final class ProxyOptions {

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080", converter = Converters.Port.class,
            description = "Port of the plain HTTP listener (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int httpPort;

    @Option(names = "--https-port", paramLabel = "PORT", defaultValue = "8443", converter = Converters.Port.class,
            description = "Port reserved for the HTTPS listener, which TLS termination will open (default: ${DEFAULT-VALUE}).")
    int httpsPort;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "9090", converter = Converters.Port.class,
            description = "Port of the admin endpoints /healthz, /readyz, /metrics and /routes (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--event-loop-threads", paramLabel = "N", defaultValue = "0", converter = Converters.Count.class,
            description = "Proxy event loop threads; 0 means one per CPU core (default: ${DEFAULT-VALUE}).")
    int eventLoopThreads;

    @Option(names = "--upstream-connect-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = Converters.Time.class,
            description = "How long to wait for a connection to an upstream before answering 502 (default: ${DEFAULT-VALUE}).")
    Duration upstreamConnectTimeout;

    @Option(names = "--upstream-read-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Converters.Time.class,
            description = "How long an upstream may stay silent while a response is due before the proxy answers 504 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration upstreamReadTimeout;

    ProxySettings settings(String bindAddress) {
        return ProxySettings.builder()
                .bindAddress(bindAddress)
                .httpPort(httpPort)
                .adminPort(adminPort)
                .eventLoopThreads(eventLoopThreads)
                .upstreamConnectTimeout(upstreamConnectTimeout)
                .upstreamReadTimeout(upstreamReadTimeout)
                .build();
    }
}
