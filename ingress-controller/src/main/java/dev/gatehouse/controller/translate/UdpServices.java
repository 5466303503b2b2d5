package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.gateway.PortClaim;
import dev.gatehouse.controller.translate.labels.ServiceClusters;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.UdpListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
        return ServicesConfigMap.read(view, configMapRef, backends, warnings, Warning.INVALID_UDP_SERVICE, TARGET,
                "NAMESPACE/SERVICE:PORT; UDP services take no :PROXY",
                (owner, field, port, cluster, target) -> new PortClaim<>(owner, field, new UdpListener("udp-services " + port, port, cluster)));
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
}
