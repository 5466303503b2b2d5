package dev.gatehouse.controller.translate;

import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.HealthCheck;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.UpstreamProtocol;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a Service says about how to talk to one of its ports:
 * <ul>
 *   <li>the port's {@code appProtocol}: {@code kubernetes.io/h2c}, {@code h2c} or {@code grpc} mean
 *       HTTP/2 with prior knowledge (gRPC included); anything else HTTP/1.1;</li>
 *   <li>{@code spec.sessionAffinity: ClientIP}: each client address sticks to one endpoint (consistent hashing);</li>
 *   <li>annotations {@code gatehouse.dev/health-check-path} (turns active checks on), {@code -interval},
 *       {@code -timeout}, {@code -healthy-threshold} and {@code -unhealthy-threshold}.</li>
 * </ul>
 * An annotation with an invalid value is reported and its default used.
 */
final class ClusterPolicies {

    static final String PREFIX = "gatehouse.dev/health-check-";
    private static final Set<String> H2C = Set.of("kubernetes.io/h2c", "h2c", "grpc");

    private ClusterPolicies() {
    }

    static ClusterPolicy of(Service service, ServicePort port, List<Warning> warnings) {
        ClusterPolicy policy = ClusterPolicy.DEFAULT;
        String appProtocol = port.getAppProtocol();
        if (appProtocol != null && H2C.contains(appProtocol.toLowerCase(Locale.ROOT))) {
            policy = policy.withProtocol(UpstreamProtocol.H2C);
        }
        if (service.getSpec() != null && "ClientIP".equals(service.getSpec().getSessionAffinity())) {
            policy = policy.withLoadBalancing(new LoadBalancing.ConsistentHash(new HashKey.ClientAddress()));
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
