package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.PolicyAncestorStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The status one translation gives our Gateway API objects, without condition times (the writer sets them when a
 * condition changes).
 *
 * @param controllerName our controller name, which marks our entries of a route's {@code status.parents}
 * @param classes        our GatewayClasses' status
 * @param gateways       our Gateways' status
 * @param routes         for each HTTPRoute attached to one of our Gateways, our entries of its {@code status.parents}
 * @param policies       for each BackendTLSPolicy a route of our Gateways uses, our entries of its {@code status.ancestors}
 * @param listenerSets   the status of each ListenerSet that names one of our Gateways
 */
public record GatewayStatuses(String controllerName, Map<ObjectRef, GatewayClassStatus> classes, Map<ObjectRef, GatewayStatus> gateways,
                              Map<ObjectRef, List<RouteParentStatus>> routes, Map<ObjectRef, List<PolicyAncestorStatus>> policies,
                              Map<ObjectRef, ListenerSetStatus> listenerSets) {

    public static final GatewayStatuses NONE = new GatewayStatuses(GatewaySettings.DEFAULT_CONTROLLER_NAME, Map.of(), Map.of(), Map.of());

    public GatewayStatuses(String controllerName, Map<ObjectRef, GatewayClassStatus> classes, Map<ObjectRef, GatewayStatus> gateways,
                           Map<ObjectRef, List<RouteParentStatus>> routes) {
        this(controllerName, classes, gateways, routes, Map.of(), Map.of());
    }

    public GatewayStatuses {
        policies = Collections.unmodifiableMap(new TreeMap<>(policies));
        listenerSets = Collections.unmodifiableMap(new TreeMap<>(listenerSets));
        classes = Collections.unmodifiableMap(new TreeMap<>(classes));
        gateways = Collections.unmodifiableMap(new TreeMap<>(gateways));
        routes = Collections.unmodifiableMap(new TreeMap<>(routes));
    }

    /** One line per condition, sorted, as standalone mode logs them: {@code gateway default/gw listener http: Accepted=True (Accepted) ...}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        classes.forEach((ref, status) -> status.getConditions().forEach(c -> lines.add(line(ref.toString(), c))));
        gateways.forEach((ref, status) -> {
            status.getConditions().forEach(c -> lines.add(line(ref.toString(), c)));
            for (ListenerStatus listener : status.getListeners()) {
                listener.getConditions().forEach(c -> lines.add(line(ref + " listener " + listener.getName() + " (attachedRoutes "
                        + listener.getAttachedRoutes() + ")", c)));
            }
        });
        routes.forEach((ref, parents) -> parents.forEach(parent -> parent.getConditions().forEach(c -> lines.add(line(ref + " parent "
                + (parent.getParentRef().getNamespace() == null ? ref.namespace() : parent.getParentRef().getNamespace()) + "/"
                + parent.getParentRef().getName()
                + (parent.getParentRef().getSectionName() == null ? "" : " section " + parent.getParentRef().getSectionName()), c)))));
        listenerSets.forEach((ref, status) -> {
            status.getConditions().forEach(c -> lines.add(line(ref.toString(), c)));
            for (ListenerEntryStatus listener : status.getListeners()) {
                listener.getConditions().forEach(c -> lines.add(line(ref + " listener " + listener.getName() + " (attachedRoutes "
                        + listener.getAttachedRoutes() + ")", c)));
            }
        });
        policies.forEach((ref, ancestors) -> ancestors.forEach(ancestor -> ancestor.getConditions().forEach(c -> lines.add(line(ref
                + " ancestor " + ancestor.getAncestorRef().getNamespace() + "/" + ancestor.getAncestorRef().getName(), c)))));
        return lines;
    }

    private static String line(String what, Condition condition) {
        return what + ": " + condition.getType() + "=" + condition.getStatus() + " (" + condition.getReason() + ") " + condition.getMessage();
    }
}
