package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.gateway.PortClaim;
import dev.gatehouse.controller.translate.labels.ServiceClusters;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.UdpListener;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The UDP listeners of the {@code --udp-services-configmap}, in ingress-nginx's format: each entry maps a port to
 * {@code NAMESPACE/SERVICE:PORT}, the Service port by number or name ({@code "53": "kube-system/kube-dns:53"}); the
 * {@code :PROXY} suffixes of TCP services mean nothing for UDP and are refused. An entry that cannot be used is reported
 * and skipped; the others still listen. With the UDPRoutes' listeners, {@link #ports} keeps one listener per port.
 */
final class UdpServices {

    private static final Pattern TARGET = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?)/([a-z0-9]([-a-z0-9]*[a-z0-9])?):([0-9]{1,5}|[a-z0-9]([-a-z0-9]*[a-z0-9])?)");

    private UdpServices() {
    }

    /** @param configMapRef {@code namespace/name}, or null for none */
    static List<PortClaim<UdpListener>> read(ClusterView view, String configMapRef, ServiceClusters backends, List<Warning> warnings) {
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
        List<PortClaim<UdpListener>> claims = new ArrayList<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(configMap.getData()).entrySet()) {
            String field = "data[" + entry.getKey() + "]";
            String where = owner + ": " + field + ": ";
            int port = port(entry.getKey());
            if (port < 0) {
                warnings.add(new Warning(owner, Warning.INVALID_UDP_SERVICE, where + "\"" + entry.getKey()
                        + "\" is not a port (expected a number from 1 to 65535 as the key)"));
                continue;
            }
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            Matcher target = TARGET.matcher(value);
            if (!target.matches()) {
                warnings.add(new Warning(owner, Warning.INVALID_UDP_SERVICE, where + "\"" + value
                        + "\" is not a service (expected NAMESPACE/SERVICE:PORT; UDP services take no :PROXY)"));
                continue;
            }
            String servicePort = target.group(5);
            ServiceBackendPort backendPort = servicePort.chars().allMatch(Character::isDigit)
                    ? new ServiceBackendPort(null, Integer.parseInt(servicePort)) : new ServiceBackendPort(servicePort, null);
            ClusterName cluster = backends.resolve(owner, field, target.group(1), new IngressServiceBackend(target.group(3), backendPort));
            if (cluster != null) {
                claims.add(new PortClaim<>(owner, field, new UdpListener("udp-services " + port, port, cluster)));
            }
        }
        return claims;
    }

    /** The listeners of {@code claims} in order, each on a port no earlier one took; the others are reported. */
    static List<UdpListener> ports(List<PortClaim<UdpListener>> claims, List<Warning> warnings) {
        Map<Integer, UdpListener> byPort = new HashMap<>();
        List<UdpListener> listeners = new ArrayList<>();
        for (PortClaim<UdpListener> claim : claims) {
            UdpListener holder = byPort.putIfAbsent(claim.listener().port(), claim.listener());
            if (holder != null) {
                warnings.add(new Warning(claim.owner(), Warning.PORT_CONFLICT, claim.owner() + ": " + claim.field() + ": UDP port "
                        + claim.listener().port() + " is already served by " + holder.name() + " (expected one listener per port: "
                        + "the udp-services ConfigMap first, then UDPRoutes oldest first)"));
            } else {
                listeners.add(claim.listener());
            }
        }
        return listeners;
    }

    private static int port(String key) {
        if (key == null || !key.matches("[0-9]{1,5}")) {
            return -1;
        }
        int port = Integer.parseInt(key);
        return port >= 1 && port <= 65535 ? port : -1;
    }
}
