package dev.gatehouse.controller.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import java.util.List;
import java.util.Objects;

/**
 * Whether an update of a Gateway API object changed only what the translator does not read: its status (which the
 * leader writes itself, for every route and Gateway, so each write would otherwise start a rebuild) and bookkeeping
 * such as the resource version. The spec, labels, annotations and deletion still count, and so do a Gateway's
 * {@code status.addresses}, which the DNS sync publishes its routes' hostnames at (they change rarely).
 */
final class StatusOnlyChange {

    private StatusOnlyChange() {
    }

    static boolean of(Object before, Object after) {
        if (before instanceof HTTPRoute a && after instanceof HTTPRoute b) {
            return Objects.equals(a.getSpec(), b.getSpec()) && sameMetadata(a, b);
        }
        if (before instanceof GRPCRoute a && after instanceof GRPCRoute b) {
            return Objects.equals(a.getSpec(), b.getSpec()) && sameMetadata(a, b);
        }
        if (before instanceof TLSRoute a && after instanceof TLSRoute b) {
            return Objects.equals(a.getSpec(), b.getSpec()) && sameMetadata(a, b);
        }
        if (before instanceof TCPRoute a && after instanceof TCPRoute b) {
            return Objects.equals(a.getSpec(), b.getSpec()) && sameMetadata(a, b);
        }
        if (before instanceof UDPRoute a && after instanceof UDPRoute b) {
            return Objects.equals(a.getSpec(), b.getSpec()) && sameMetadata(a, b);
        }
        if (before instanceof Gateway a && after instanceof Gateway b) {
            return Objects.equals(a.getSpec(), b.getSpec()) && sameMetadata(a, b) && Objects.equals(addresses(a), addresses(b));
        }
        if (before instanceof GatewayClass a && after instanceof GatewayClass b) {
            return Objects.equals(a.getSpec(), b.getSpec()) && sameMetadata(a, b);
        }
        return false;
    }

    /** The DNS sync publishes a Gateway's routes at these, read from the view. */
    private static List<GatewayStatusAddress> addresses(Gateway gateway) {
        return gateway.getStatus() == null || gateway.getStatus().getAddresses() == null ? List.of() : gateway.getStatus().getAddresses();
    }

    private static boolean sameMetadata(HasMetadata before, HasMetadata after) {
        ObjectMeta a = before.getMetadata();
        ObjectMeta b = after.getMetadata();
        return Objects.equals(a.getLabels(), b.getLabels()) && Objects.equals(a.getAnnotations(), b.getAnnotations())
                && Objects.equals(a.getDeletionTimestamp(), b.getDeletionTimestamp())
                && Objects.equals(a.getGeneration(), b.getGeneration());
    }
}
