package dev.gatehouse.controller.cli;

import dev.gatehouse.proxy.AdminSettings;
import dev.gatehouse.proxy.Http2Limits;
import dev.gatehouse.proxy.OutlierDetection;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.TraceSettings;
import dev.gatehouse.proxy.UdpSettings;
import dev.gatehouse.routing.TlsCertificate;
import dev.gatehouse.tls.CertificateProblem;
import dev.gatehouse.tls.PemCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The proxy's listener, client and upstream flags, shared by {@code run} and {@code demo}. */
final class ProxyOptions {

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080", converter = Converters.Port.class,
            description = "Port of the plain HTTP listener, HTTP/1.x and HTTP/2 with prior knowledge (default: ${DEFAULT-VALUE}; "
                    + "0 picks a free port).")
    int httpPort;

    @Option(names = "--https-port", paramLabel = "PORT", defaultValue = "8443", converter = Converters.Port.class,
            description = "Port of the HTTPS listener: TLS 1.2 and 1.3, the certificate of the Ingress spec.tls entry for the "
                    + "client's server name, else a generated default one; HTTP/2 by ALPN and HTTP/1.1 (default: ${DEFAULT-VALUE}; "
                    + "0 picks a free port).")
    int httpsPort;

    @Option(names = "--https-redirect-port", paramLabel = "PORT", defaultValue = "0", converter = Converters.Port.class,
            description = "Port in the Location of redirects from HTTP to HTTPS, for clients that reach the HTTPS listener "
                    + "through another port, such as a load balancer's 443 (default: 0, the HTTPS listener's own port).")
    int httpsRedirectPort;

    @Option(names = "--default-certificate-file", paramLabel = "FILE",
            description = "PEM certificate chain served to server names without a certificate, with --default-key-file; for "
                    + "standalone use (default: one generated at start, renewed while running).")
    Path defaultCertificateFile;

    @Option(names = "--default-key-file", paramLabel = "FILE", description = "The private key of --default-certificate-file.")
    Path defaultKeyFile;

    @Option(names = "--admin-port", paramLabel = "PORT", defaultValue = "9090", converter = Converters.Port.class,
            description = "Port of the admin endpoints: the dashboard at /, /healthz, /readyz, /metrics, /routes and /api/v1/... "
                    + "(default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--admin-bind-address", paramLabel = "ADDRESS",
            description = "Address the admin port binds, e.g. 127.0.0.1 to reach it only through kubectl port-forward or on "
                    + "the machine (default: the --bind-address of the listeners).")
    String adminBindAddress;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding a bearer token that every admin request but /healthz and /readyz must carry as "
                    + "Authorization: Bearer TOKEN, e.g. a mounted Secret; surrounding whitespace is ignored (default: none).")
    Path adminTokenFile;

    @Option(names = "--otlp-endpoint", paramLabel = "URL",
            description = "OTLP/HTTP collector that spans of forwarded requests are exported to, e.g. http://otel-collector:4318 "
                    + "(/v1/traces is added to a URL without a path); the upstream gets the span's traceparent (default: none, "
                    + "no tracing: trace headers pass as the client sent them).")
    String otlpEndpoint;

    @Option(names = "--trace-sample-ratio", paramLabel = "RATIO", defaultValue = "0.01",
            description = "Share of new traces sampled, 0 to 1; a trusted client's traceparent decides for its own trace "
                    + "(default: ${DEFAULT-VALUE}, ingress-nginx's otel-sampler-ratio).")
    double traceSampleRatio;

    @Option(names = "--event-loop-threads", paramLabel = "N", defaultValue = "0", converter = Converters.Count.class,
            description = "Proxy event loop threads; 0 means one per CPU core (default: ${DEFAULT-VALUE}).")
    int eventLoopThreads;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "16384", converter = Converters.Count.class,
            description = "Client connections served at once; more are closed at accept; 0 for no limit (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-request-body-size", paramLabel = "SIZE", defaultValue = "1m", converter = Converters.Size.class,
            description = "Largest request body accepted, answered 413 beyond, as ingress-nginx's proxy-body-size "
                    + "(default: ${DEFAULT-VALUE}; 0 for no limit).")
    long maxRequestBodySize;

    @Option(names = "--request-body-temp-dir", paramLabel = "DIR",
            description = "Where buffered request bodies larger than client-body-buffer-size, and answers proxy-buffering reads "
                    + "ahead beyond its memory buffers, wait, one file each, deleted when the request ends; created owner-only when missing, refused when others may enter it (default: a new "
                    + "directory of the process's own in java.io.tmpdir, removed at shutdown).")
    Path requestBodyTempDir;

    @Option(names = "--client-header-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Converters.Time.class,
            description = "How long a client may take to send a request's headers, answered 408 beyond (default: ${DEFAULT-VALUE}).")
    Duration clientHeaderTimeout;

    @Option(names = "--keep-alive-timeout", paramLabel = "DURATION", defaultValue = "75s", converter = Converters.Time.class,
            description = "How long an idle client connection is kept open (default: ${DEFAULT-VALUE}).")
    Duration keepAliveTimeout;

    @Option(names = "--tcp-idle-timeout", paramLabel = "DURATION", defaultValue = "10m", converter = Converters.Time.class,
            description = "How long a connection of a TCP listener may carry nothing either way before it is closed "
                    + "(default: ${DEFAULT-VALUE}, as ingress-nginx's proxy-stream-timeout).")
    Duration tcpIdleTimeout;

    @Option(names = "--udp-idle-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Converters.Time.class,
            description = "How long a client's session on a UDP listener may carry nothing either way before it is closed "
                    + "(default: ${DEFAULT-VALUE}, as Envoy's UDP proxy idle_timeout).")
    Duration udpIdleTimeout;

    @Option(names = "--udp-max-sessions", paramLabel = "N", defaultValue = "1024", converter = Converters.Count.class,
            description = "Client sessions one UDP listener keeps at once; datagrams of a new client beyond are dropped and "
                    + "counted (default: ${DEFAULT-VALUE}, as Envoy's default max_connections).")
    int udpMaxSessions;

    @Option(names = "--http2-max-concurrent-streams", paramLabel = "N", defaultValue = "100", converter = Converters.Count.class,
            description = "HTTP/2 streams one client connection may have open at once; a stream beyond is refused with "
                    + "REFUSED_STREAM (default: ${DEFAULT-VALUE}, as HAProxy's tune.h2.max-concurrent-streams).")
    int http2MaxConcurrentStreams;

    @Option(names = "--http2-stream-stall-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Converters.Time.class,
            description = "How long an HTTP/2 response may wait for a client that does not open its flow-control window "
                    + "before the stream is reset (default: ${DEFAULT-VALUE}, as nginx's send_timeout).")
    Duration http2StreamStallTimeout;

    @Option(names = "--proxy-protocol", defaultValue = "false",
            description = "Expect a PROXY protocol v1 or v2 header on every connection, as an AWS NLB or ELB sends it, and take the "
                    + "client address from it; connections without one are closed (default: off).")
    boolean proxyProtocol;

    @Option(names = "--trusted-proxies", paramLabel = "CIDR", split = ",",
            description = "Addresses or CIDR ranges of proxies in front (load balancers, CDNs) whose X-Forwarded-For, -Proto, "
                    + "-Host and -Port are believed; repeatable or comma-separated (default: none, the headers are replaced).")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--upstream-connect-timeout", paramLabel = "DURATION", defaultValue = "5s", converter = Converters.Time.class,
            description = "How long to wait for a connection to an upstream before trying another one or answering 502 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration upstreamConnectTimeout;

    @Option(names = "--upstream-read-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Converters.Time.class,
            description = "How long an upstream may stay silent while a response is due before the proxy answers 504 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration upstreamReadTimeout;

    @Option(names = "--upstream-send-timeout", paramLabel = "DURATION", defaultValue = "60s", converter = Converters.Time.class,
            description = "How long an upstream may refuse to take more of a request before the proxy answers 504 "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration upstreamSendTimeout;

    @Option(names = "--upstream-max-connections", paramLabel = "N", defaultValue = "0", converter = Converters.Count.class,
            description = "Connections per event loop thread and upstream endpoint; more requests wait for one; 0 for no limit "
                    + "(default: ${DEFAULT-VALUE}).")
    int upstreamMaxConnections;

    @Option(names = "--upstream-max-attempts", paramLabel = "N", defaultValue = "3", converter = Converters.Count.class,
            description = "Endpoints a request may try when connecting fails, or when a body-less idempotent request's connection "
                    + "breaks before the response, as ingress-nginx's proxy-next-upstream-tries (default: ${DEFAULT-VALUE}).")
    int upstreamMaxAttempts;

    @Option(names = "--outlier-consecutive-errors", paramLabel = "N", defaultValue = "5", converter = Converters.Count.class,
            description = "5xx answers or failed connections in a row that take an endpoint out (default: ${DEFAULT-VALUE}).")
    int outlierErrors;

    @Option(names = "--outlier-ejection-time", paramLabel = "DURATION", defaultValue = "30s", converter = Converters.Time.class,
            description = "How long an endpoint stays out the first time; each ejection adds as much, up to 5 minutes "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration outlierEjectionTime;

    @Option(names = "--outlier-max-ejection-percent", paramLabel = "PERCENT", defaultValue = "50", converter = Converters.Count.class,
            description = "Most endpoints of a cluster taken out at once, in percent (one at least) (default: ${DEFAULT-VALUE}).")
    int outlierMaxEjectionPercent;

    @Option(names = "--access-log", paramLabel = "FORMAT", defaultValue = "json",
            description = "One line per request on standard output: json, combined (nginx's format with duration, upstream, request "
                    + "id and route appended) or off (default: ${DEFAULT-VALUE}).")
    String accessLog;

    @Option(names = "--shutdown-drain-delay", paramLabel = "DURATION", defaultValue = "5s", converter = Converters.Time.class,
            description = "On SIGTERM, how long to keep accepting connections after readiness turned false, for load balancers to "
                    + "notice (default: ${DEFAULT-VALUE}).")
    Duration drainDelay;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "25s", converter = Converters.Time.class,
            description = "On SIGTERM, how long requests in flight may take to finish once new connections are refused "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration shutdownTimeout;

    private TraceSettings tracing(CommandLine commandLine) {
        if (!(traceSampleRatio >= 0 && traceSampleRatio <= 1)) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--trace-sample-ratio': '"
                    + traceSampleRatio + "' is not a ratio (expected 0 to 1, e.g. 0.05)");
        }
        try {
            return new TraceSettings(otlpEndpoint == null ? null : new URI(otlpEndpoint), traceSampleRatio);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--otlp-endpoint': '" + otlpEndpoint
                    + "' is not an http or https URL with a host (expected e.g. http://otel-collector:4318)");
        }
    }

    private TlsCertificate defaultCertificate(CommandLine commandLine) {
        if (defaultCertificateFile == null && defaultKeyFile == null) {
            return null;
        }
        if (defaultCertificateFile == null || defaultKeyFile == null) {
            throw new CommandLine.ParameterException(commandLine, "Options '--default-certificate-file' and '--default-key-file' "
                    + "go together (expected both)");
        }
        try {
            return PemCertificates.parse(Files.readString(defaultCertificateFile), Files.readString(defaultKeyFile), Clock.systemUTC());
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--default-certificate-file': cannot "
                    + "read " + e.getMessage() + " (expected readable PEM files)");
        } catch (CertificateProblem problem) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--default-certificate-file': "
                    + defaultCertificateFile + " with " + defaultKeyFile + ": " + problem.getMessage());
        }
    }

    ProxySettings settings(CommandLine commandLine, String bindAddress) {
        ProxySettings.AccessLogFormat format;
        try {
            format = ProxySettings.AccessLogFormat.valueOf(accessLog.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--access-log': '" + accessLog
                    + "' is not a format (expected json, combined or off)");
        }
        if (outlierMaxEjectionPercent > 100) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--outlier-max-ejection-percent': '"
                    + outlierMaxEjectionPercent + "' is not a percentage (expected 0 to 100)");
        }
        if (upstreamMaxAttempts < 1 || outlierErrors < 1 || http2MaxConcurrentStreams < 1) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '"
                    + (upstreamMaxAttempts < 1 ? "--upstream-max-attempts"
                            : outlierErrors < 1 ? "--outlier-consecutive-errors" : "--http2-max-concurrent-streams")
                    + "': '0' is too small (expected 1 or more)");
        }
        if (adminBindAddress != null && adminBindAddress.isBlank()) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--admin-bind-address': '"
                    + adminBindAddress + "' is blank (expected an address)");
        }
        TlsCertificate defaultCertificate = defaultCertificate(commandLine);
        TraceSettings tracing = tracing(commandLine);
        try {
            return ProxySettings.builder()
                    .defaultCertificate(defaultCertificate)
                    .bindAddress(bindAddress)
                    .httpPort(httpPort)
                    .httpsPort(httpsPort)
                    .httpsRedirectPort(httpsRedirectPort)
                    .adminPort(adminPort)
                    .admin(new AdminSettings(adminBindAddress, adminToken(commandLine)))
                    .tracing(tracing)
                    .eventLoopThreads(eventLoopThreads)
                    .maxConnections(maxConnections)
                    .maxRequestBodyBytes(maxRequestBodySize)
                    .requestBodyTempDir(requestBodyTempDir)
                    .clientHeaderTimeout(clientHeaderTimeout)
                    .keepAliveTimeout(keepAliveTimeout)
                    .tcpIdleTimeout(tcpIdleTimeout)
                    .udp(UdpSettings.DEFAULT.withIdleTimeout(udpIdleTimeout).withMaxSessions(udpMaxSessions))
                    .proxyProtocol(proxyProtocol)
                    .trustedProxies(trustedProxies)
                    .upstreamConnectTimeout(upstreamConnectTimeout)
                    .upstreamReadTimeout(upstreamReadTimeout)
                    .upstreamSendTimeout(upstreamSendTimeout)
                    .upstreamMaxConnections(upstreamMaxConnections)
                    .upstreamMaxAttempts(upstreamMaxAttempts)
                    .outlier(new OutlierDetection(outlierErrors, outlierEjectionTime, Duration.ofMinutes(5),
                            outlierMaxEjectionPercent))
                    .accessLog(format)
                    .http2(Http2Limits.DEFAULT.withMaxConcurrentStreams(http2MaxConcurrentStreams)
                            .withStreamStallTimeout(http2StreamStallTimeout))
                    .build();
        } catch (IllegalArgumentException e) {
            // every other value was checked by its converter; what is left is an address range
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--trusted-proxies': "
                    + e.getMessage());
        }
    }

    /** The admin token from its file, or null without one; never echoed in a message. */
    private String adminToken(CommandLine commandLine) {
        if (adminTokenFile == null) {
            return null;
        }
        String token;
        try {
            token = Files.readString(adminTokenFile).strip();
        } catch (IOException e) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--admin-token-file': '"
                    + adminTokenFile + "' cannot be read (" + e.getClass().getSimpleName() + "; expected a readable file)");
        }
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--admin-token-file': '"
                    + adminTokenFile + "' does not hold a token (expected one line of visible ASCII characters)");
        }
        return token;
    }
}
