package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.UpstreamAnnotations;
import dev.gatehouse.controller.translate.labels.LabelKeys;
import dev.gatehouse.controller.translate.labels.LabelPolicies;
import dev.gatehouse.controller.translate.objects.Durations;
import dev.gatehouse.controller.translate.objects.HostNames;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.SecretData;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.HealthCheck;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.UpstreamProtocol;
import dev.gatehouse.routing.UpstreamTls;
import dev.gatehouse.tls.CertificateProblem;
import dev.gatehouse.tls.PemCertificates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * What a Service says about how to talk to one of its ports:
 * <ul>
 *   <li>the port's {@code appProtocol}: {@code kubernetes.io/h2c}, {@code h2c} or {@code grpc} mean
 *       HTTP/2 with prior knowledge (gRPC included); {@code https} and {@code kubernetes.io/wss} (WebSocket over TLS)
 *       HTTP/1.1 over TLS, and {@code grpcs} HTTP/2 over TLS; anything else, {@code kubernetes.io/ws} included, HTTP/1.1,
 *       which carries WebSocket upgrades;</li>
 *   <li>for TLS, annotations {@code gatehouse.dev/backend-tls-verify} ({@code "true"} to verify the
 *       endpoint's certificate; off by default, as ingress-nginx's proxy-ssl-verify),
 *       {@code gatehouse.dev/backend-tls-ca-secret} (a TLS Secret of the namespace whose {@code ca.crt},
 *       else {@code tls.crt}, holds the CAs; the runtime's own CAs otherwise) and
 *       {@code gatehouse.dev/backend-tls-server-name} (sent by SNI and checked in the certificate);</li>
 *   <li>{@code spec.sessionAffinity: ClientIP}: each client address sticks to one endpoint (consistent hashing);</li>
 *   <li>annotations {@code gatehouse.dev/health-check-path} (turns active checks on), {@code -interval},
 *       {@code -timeout}, {@code -healthy-threshold} and {@code -unhealthy-threshold};</li>
 *   <li>the port's marathon-lb keys {@code HAPROXY_{n}_STICKY} and {@code HAPROXY_{n}_BALANCE} ({@link LabelPolicies}).</li>
 * </ul>
 * An annotation with an invalid value is reported and its default used.
 */
final class ClusterPolicies {

    static final String PREFIX = "gatehouse.dev/health-check-";
    private static final Set<String> H2C = Set.of("kubernetes.io/h2c", "h2c", "grpc");
    static final String TLS_PREFIX = "gatehouse.dev/backend-tls-";

    private ClusterPolicies() {
    }

    /** @param secrets the Secrets of the view by {@code namespace/name}, for CA bundles */
    static ClusterPolicy of(Service service, ServicePort port, Function<String, Secret> secrets, List<Warning> warnings) {
        ClusterPolicy policy = ClusterPolicy.DEFAULT;
        String appProtocol = port.getAppProtocol() == null ? "" : port.getAppProtocol().toLowerCase(Locale.ROOT);
        if (H2C.contains(appProtocol) || appProtocol.equals("grpcs")) {
            policy = policy.withProtocol(UpstreamProtocol.H2C);
        }
        if (appProtocol.equals("https") || appProtocol.equals("grpcs") || appProtocol.equals("kubernetes.io/wss")) {
            policy = policy.withTls(upstreamTls(service, secrets, warnings));
        }
        if (service.getSpec() != null && "ClientIP".equals(service.getSpec().getSessionAffinity())) {
            policy = policy.withLoadBalancing(new LoadBalancing.ConsistentHash(new HashKey.ClientAddress()));
        }
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        if (ports.contains(port)) {
            policy = LabelPolicies.apply(ObjectRef.of(service), LabelKeys.of(service), ports.indexOf(port), policy, warnings);
        }
        String path = Metadata.annotation(service, PREFIX + "path");
        if (path != null) {
            ObjectRef owner = ObjectRef.of(service);
            if (!path.startsWith("/")) {
                warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + PREFIX + "path: \""
                        + path + "\" must start with \"/\" (expected a path such as /healthz); no active health check"));
            } else {
                HealthCheck defaults = HealthCheck.of(path);
                policy = policy.withHealthCheck(new HealthCheck(path,
                        duration(service, owner, "interval", defaults.interval(), warnings),
                        duration(service, owner, "timeout", defaults.timeout(), warnings),
                        count(service, owner, "healthy-threshold", defaults.healthyThreshold(), warnings),
                        count(service, owner, "unhealthy-threshold", defaults.unhealthyThreshold(), warnings)));
            }
        }
        return policy;
    }

    /**
     * The policy of a Service port with an Ingress's annotations over it: {@code backend-protocol} replaces the
     * protocol and TLS (TLS settings from the Service's {@code backend-tls-*} annotations), the load-balancing method
     * and the session cookie replace the Service's.
     */
    static ClusterPolicy overlay(ClusterPolicy policy, UpstreamAnnotations upstream, Service service, Function<String, Secret> secrets,
                                 List<Warning> warnings) {
        if (upstream.protocol() != null) {
            UpstreamTls tls = !upstream.protocol().tls ? null : policy.tls() != null ? policy.tls() : upstreamTls(service, secrets, warnings);
            policy = policy.withProtocol(upstream.protocol().http2 ? UpstreamProtocol.H2C : UpstreamProtocol.HTTP1).withTls(tls);
        }
        if (upstream.loadBalancing() != null) {
            policy = policy.withLoadBalancing(upstream.loadBalancing());
        }
        if (upstream.affinity() != null) {
            policy = policy.withAffinity(upstream.affinity());
        }
        return policy;
    }

    private static UpstreamTls upstreamTls(Service service, Function<String, Secret> secrets, List<Warning> warnings) {
        ObjectRef owner = ObjectRef.of(service);
        String verify = Metadata.annotation(service, TLS_PREFIX + "verify");
        if (verify != null && !verify.equals("true") && !verify.equals("false")) {
            warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + TLS_PREFIX + "verify: \"" + verify
                    + "\" is not a boolean (expected \"true\" or \"false\"); not verifying"));
        }
        String serverName = Metadata.annotation(service, TLS_PREFIX + "server-name");
        if (serverName != null && HostNames.problem(serverName) != null) {
            warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + TLS_PREFIX + "server-name: \""
                    + serverName + "\" " + HostNames.problem(serverName) + "; no server name sent"));
            serverName = null;
        }
        List<X509Certificate> trusted = List.of();
        String caSecret = Metadata.annotation(service, TLS_PREFIX + "ca-secret");
        if (caSecret != null) {
            trusted = trustedCertificates(owner, Metadata.namespace(service), caSecret, secrets, warnings);
        }
        return new UpstreamTls("true".equals(verify), trusted, serverName);
    }

    private static List<X509Certificate> trustedCertificates(ObjectRef owner, String namespace, String name,
                                                             Function<String, Secret> secrets, List<Warning> warnings) {
        String field = owner + ": annotation " + TLS_PREFIX + "ca-secret: ";
        Secret secret = secrets.apply(namespace + "/" + name);
        if (secret == null) {
            warnings.add(new Warning(owner, Warning.TLS_SECRET_NOT_FOUND, field + "secret \"" + name + "\" not found in namespace "
                    + namespace + " (expected a Secret of type kubernetes.io/tls with ca.crt); the runtime's CAs are used"));
            return List.of();
        }
        String pem = SecretData.text(secret, "ca.crt");
        try {
            return PemCertificates.certificates(pem.isEmpty() ? SecretData.text(secret, "tls.crt") : pem);
        } catch (CertificateProblem problem) {
            warnings.add(new Warning(owner, Warning.INVALID_TLS_SECRET, field + "secret " + namespace + "/" + name + ": "
                    + problem.getMessage() + "; the runtime's CAs are used"));
            return List.of();
        }
    }

    private static Duration duration(Service service, ObjectRef owner, String key, Duration fallback, List<Warning> warnings) {
        String value = Metadata.annotation(service, PREFIX + key);
        if (value == null) {
            return fallback;
        }
        Duration parsed = Durations.parse(value);
        if (parsed == null) {
            warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + PREFIX + key + ": \"" + value
                    + "\" is not a duration (expected e.g. 5s or 500ms); using " + fallback.toMillis() + "ms"));
            return fallback;
        }
        return parsed;
    }

    private static int count(Service service, ObjectRef owner, String key, int fallback, List<Warning> warnings) {
        String value = Metadata.annotation(service, PREFIX + key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + PREFIX + key + ": \"" + value
                + "\" is not a count (expected an integer of 1 or more); using " + fallback));
        return fallback;
    }
}
