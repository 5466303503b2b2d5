package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.labels.ServiceClusters;
import dev.gatehouse.controller.translate.labels.TcpClaim;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.TcpListener;
import java.util.List;
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
        return ServicesConfigMap.read(view, configMapRef, backends, warnings, Warning.INVALID_TCP_SERVICE, TARGET,
                "NAMESPACE/SERVICE:PORT, optionally followed by :PROXY and a second :PROXY",
                (owner, field, port, cluster, target) -> new TcpClaim(owner, field, new TcpListener("tcp-services " + port, port,
                        cluster, target.group(8) != null, target.group(10) != null)));
    }
}
