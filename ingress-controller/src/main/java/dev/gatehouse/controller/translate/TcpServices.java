package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.labels.ServiceClusters;
import dev.gatehouse.controller.translate.labels.TcpClaim;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.TcpListener;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TCP listeners of the {@code --tcp-services-configmap}, in ingress-nginx's format: each entry maps a
 * port to {@code NAMESPACE/SERVICE:PORT}, the Service port by number or name, optionally followed by
 * {@code :PROXY} (connections arrive with a PROXY protocol header) and a second {@code :PROXY} (upstream
 * connections start with one): {@code "3306": "default/db-service:3306"}, {@code "9000": "apps/queue:amqp::PROXY"}.
 * An entry that cannot be used is reported and skipped; the others still listen.
 */
final class TcpServices {

    private static final Pattern TARGET = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?)/([a-z0-9]([-a-z0-9]*[a-z0-9])?):([0-9]{1,5}|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(:(PROXY)?)?(:(PROXY)?)?");

    private TcpServices() {
    }

    /** @param configMapRef {@code namespace/name}, or null for none */
    static List<TcpClaim> read(ClusterView view, String configMapRef, ServiceClusters backends, List<Warning> warnings) {
        if (configMapRef == null) {
            return List.of();
        }
        ConfigMap configMap = view.configMaps().stream()
                .filter(map -> configMapRef.equals(Metadata.namespace(map) + "/" + map.getMetadata().getName()))
                .findFirst().orElse(null);
        if (configMap == null || configMap.getData() == null) {
            return List.of();
        }
        ObjectRef owner = ObjectRef.of(configMap);
        List<TcpClaim> claims = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(configMap.getData()).entrySet()) {
            String field = "data[" + entry.getKey() + "]";
            String where = owner + ": " + field + ": ";
            int port = port(entry.getKey());
            if (port < 0) {
                warnings.add(new Warning(owner, Warning.INVALID_TCP_SERVICE, where + "\"" + entry.getKey()
                        + "\" is not a port (expected a number from 1 to 65535 as the key)"));
                continue;
            }
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            Matcher target = TARGET.matcher(value);
            if (!target.matches()) {
                warnings.add(new Warning(owner, Warning.INVALID_TCP_SERVICE, where + "\"" + value
                        + "\" is not a service (expected NAMESPACE/SERVICE:PORT, optionally followed by :PROXY and a second :PROXY)"));
                continue;
            }
            String servicePort = target.group(5);
            ServiceBackendPort backendPort = servicePort.chars().allMatch(Character::isDigit)
                    ? new ServiceBackendPort(null, Integer.parseInt(servicePort)) : new ServiceBackendPort(servicePort, null);
            ClusterName cluster = backends.resolve(owner, field, target.group(1), new IngressServiceBackend(target.group(3), backendPort));
            if (cluster != null) {
                claims.add(new TcpClaim(owner, field, new TcpListener("tcp-services " + port, port, cluster,
                        target.group(8) != null, target.group(10) != null)));
            }
        }
        return claims;
    }

    private static int port(String key) {
        if (key == null || !key.matches("[0-9]{1,5}")) {
            return -1;
        }
        int port = Integer.parseInt(key);
        return port >= 1 && port <= 65535 ? port : -1;
    }
}
