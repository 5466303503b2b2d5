package dev.gatehouse.controller.translate.labels;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.MarathonApp;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The clusters of Marathon apps' ports: {@code Marathon/APP-ID:SERVICE-PORT}, one endpoint per task, with
 * the port's label policy and the app's Marathon health check as the active check. The health check of
 * port {@code n} is, as marathon-lb picks it, the app's first check whose {@code portIndex} is {@code n}
 * (a check without one counts as port 0), or else the one of the {@code BACKEND_HEALTHCHECK_PORT_INDEX}
 * port: HTTP kinds become HTTP checks of the check's path, TCP kinds (and any check of a tcp-mode port)
 * connections; command checks stay Marathon's own, reflected in which tasks it reports alive.
 */
public final class MarathonClusters {

    static final String MARATHON_NAMESPACE = "marathon";
    /** The namespace of Marathon apps' clusters: upper case, so that no Kubernetes namespace can take it. */
    static final String MARATHON_CLUSTERS = "Marathon";

    private static final Set<String> HTTP = Set.of("HTTP", "MESOS_HTTP");
    private static final Set<String> TCP = Set.of("TCP", "MESOS_TCP");
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(60);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final Map<ClusterName, Cluster> clusters = new TreeMap<>();

    /** The health check of port {@code n}, or null. */
    static MarathonApp.HealthCheck healthCheckOf(MarathonApp app, int n) {
        for (MarathonApp.HealthCheck check : app.healthChecks()) {
            int index = check.portIndex() == null ? 0 : check.portIndex();
            if (index == n) {
                return check;
            }
        }
        return null;
    }

    /** Whether marathon-lb would serve a port with this check in http mode. */
    static boolean isHttp(MarathonApp.HealthCheck check) {
        return check.protocol() != null && (HTTP.contains(check.protocol()) || check.protocol().equals("HTTPS")
                || check.protocol().equals("MESOS_HTTPS"));
    }

    /** The cluster of port {@code n}, built once. */
    ClusterName cluster(ObjectRef owner, MarathonApp app, int n, boolean httpMode, List<Warning> warnings) {
        MarathonApp.Port port = app.ports().get(n);
        ClusterName name = new ClusterName(MARATHON_CLUSTERS, app.id().substring(1),
                port.servicePort() > 0 ? Integer.toString(port.servicePort()) : "port-" + n);
        if (clusters.containsKey(name)) {
            return name;
        }
        Integer healthIndex = LabelPolicies.healthCheckPortIndex(owner, app.labels(), n, app.ports().size(), warnings);
        MarathonApp.HealthCheck check = healthCheckOf(app, n);
        if (check == null && healthIndex != null) {
            check = healthCheckOf(app, healthIndex);
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (MarathonApp.Task task : app.tasks()) {
            if (task.ports().size() <= n || (healthIndex != null && task.ports().size() <= healthIndex)) {
                continue;
            }
            int target = task.ports().get(n);
            int health = healthIndex == null ? 0 : task.ports().get(healthIndex);
            if (target >= 1 && target <= 65535 && health >= 0 && health <= 65535) {
                endpoints.add(new Endpoint(task.address(), target, 1, health));
            }
        }
        ClusterPolicy policy = LabelPolicies.apply(owner, app.labels(), n, ClusterPolicy.DEFAULT, warnings);
        HealthCheck active = check == null ? null : activeCheck(check, httpMode);
        clusters.put(name, new Cluster(name, endpoints, active == null ? policy : policy.withHealthCheck(active)));
        return name;
    }

    /** Every cluster built so far. */
    public List<Cluster> clusters() {
        return List.copyOf(clusters.values());
    }

    private static HealthCheck activeCheck(MarathonApp.HealthCheck check, boolean httpMode) {
        Duration interval = positive(check.interval(), DEFAULT_INTERVAL);
        Duration timeout = positive(check.timeout(), DEFAULT_TIMEOUT);
        // HAProxy's fall count, as marathon-lb wrote it: one more than Marathon's tolerated failures
        int fall = Math.max(1, check.maxConsecutiveFailures() + 1);
        String protocol = check.protocol() == null ? "" : check.protocol();
        if (TCP.contains(protocol) || (!httpMode && HTTP.contains(protocol))) {
            return new HealthCheck(null, interval, timeout, 2, fall);
        }
        if (HTTP.contains(protocol)) {
            String path = check.path() == null || !check.path().startsWith("/") ? "/" : check.path();
            return new HealthCheck(path, interval, timeout, 2, fall);
        }
        return null;
    }

    private static Duration positive(Duration value, Duration otherwise) {
        return value == null || value.isZero() || value.isNegative() ? otherwise : value;
    }
}
