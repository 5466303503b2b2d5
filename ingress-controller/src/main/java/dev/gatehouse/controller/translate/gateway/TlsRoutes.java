package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.TlsPassthrough;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TLSRoutes attached to TLS listeners of our Gateways, as TLS passthrough rules: each hostname the route and the listener
 * share (their intersection, as for HTTPRoutes) is passed through on the listener's served port to the route's backend,
 * oldest route first when two claim one name on one port. A route needs a hostname, its own or its listener's: the proxy
 * passes through by server name, and a catch-all is not served.
 *
 * <p>Each connection goes to one of the route's backends, picked at random in proportion to the weights (default 1);
 * a backend of weight 0 takes none, one that cannot be resolved is left out and reported in ResolvedRefs.
 */
final class TlsRoutes {

    /**
     * @param passthrough the rules for the snapshot
     * @param statuses    our entries of each attached TLSRoute's {@code status.parents}
     * @param attached    how many routes each listener accepted
     */
    record Result(List<TlsPassthrough> passthrough, Map<ObjectRef, List<RouteParentStatus>> statuses,
                  Map<ListenerState, Integer> attached) {
    }

    private final String controllerName;
    private final ServiceBackends services;
    private final ReferenceGrants grants;
    private final Attachment attachment;

    TlsRoutes(String controllerName, ServiceBackends services, ReferenceGrants grants, Attachment attachment) {
        this.controllerName = controllerName;
        this.services = services;
        this.grants = grants;
        this.attachment = attachment;
    }

    /**
     * @param gateways  our Gateways by {@code namespace/name}
     * @param listeners their checked listeners, by the same key
     */
    Result translate(List<TLSRoute> routes, Map<String, Gateway> gateways, Map<String, List<ListenerState>> listeners,
                     List<Warning> warnings) {
        List<TlsPassthrough> passthrough = new ArrayList<>();
        Map<ObjectRef, List<RouteParentStatus>> statuses = new HashMap<>();
        Map<ListenerState, Integer> attached = new HashMap<>();
        Map<String, ObjectRef> claimed = new HashMap<>();
        for (TLSRoute route : Metadata.byAge(routes)) {
            ObjectRef owner = ObjectRef.of(route);
            String namespace = Metadata.namespace(route);
            List<ParentReference> parents = route.getSpec() == null || route.getSpec().getParentRefs() == null
                    ? List.of() : route.getSpec().getParentRefs();
            List<String> hostnames = route.getSpec() == null || route.getSpec().getHostnames() == null
                    ? List.of() : route.getSpec().getHostnames();
            Backend backend = backend(owner, namespace, route);
            List<RouteParentStatus> ours = new ArrayList<>();
            for (ParentReference parent : parents) {
                String group = parent.getGroup() == null ? ListenerCheck.GROUP : parent.getGroup();
                String kind = parent.getKind() == null ? "Gateway" : parent.getKind();
                String key = (parent.getNamespace() == null ? namespace : parent.getNamespace()) + "/" + parent.getName();
                if (!group.equals(ListenerCheck.GROUP) || !kind.equals("Gateway") || !gateways.containsKey(key)) {
                    continue;
                }
                Outcome outcome = attach(namespace, hostnames, parent, listeners.get(key));
                if (outcome.reason().equals("Accepted")) {
                    outcome.hosts().forEach((listener, names) -> {
                        attached.merge(listener, 1, Integer::sum);
                        int port = GatewaySettings.servedPort(listener.port());
                        for (String name : names) {
                            ObjectRef first = claimed.putIfAbsent(port + " " + name, owner);
                            if (first == null && !backend.backends().isEmpty()) {
                                passthrough.add(new TlsPassthrough(HostPattern.of(name), port, backend.backends()));
                            } else if (first != null && !first.equals(owner)) {
                                warnings.add(new Warning(owner, Warning.UNSUPPORTED_GATEWAY_API, owner + ": hostname " + name + " on port "
                                        + port + " is passed through by " + first + ", which is older (expected one TLSRoute per hostname)"));
                            }
                        }
                    });
                }
                List<Condition> conditions = List.of(
                        Conditions.of(route, Conditions.ACCEPTED, outcome.reason().equals("Accepted"), outcome.reason(), outcome.message()),
                        Conditions.of(route, Conditions.RESOLVED_REFS, backend.unresolved() == null,
                                backend.unresolved() == null ? "ResolvedRefs" : backend.unresolved()[0],
                                backend.unresolved() == null ? "every backend reference is resolved" : backend.unresolved()[1]));
                ours.add(new RouteParentStatus(conditions, controllerName, parent));
            }
            if (!ours.isEmpty()) {
                statuses.put(owner, ours);
            }
        }
        return new Result(passthrough, statuses, attached);
    }

    private record Outcome(Map<ListenerState, List<String>> hosts, String reason, String message) {
    }

    private Outcome attach(String namespace, List<String> hostnames, ParentReference parent, List<ListenerState> listeners) {
        List<ListenerState> selected = listeners.stream()
                .filter(l -> parent.getSectionName() == null || parent.getSectionName().equals(l.name()))
                .filter(l -> parent.getPort() == null || parent.getPort() == l.port())
                .toList();
        if (selected.isEmpty()) {
            return new Outcome(Map.of(), "NoMatchingParent", "the Gateway has no listener"
                    + (parent.getSectionName() == null ? "" : " named " + parent.getSectionName())
                    + (parent.getPort() == null ? "" : " on port " + parent.getPort()));
        }
        List<ListenerState> allowed = selected.stream().filter(TlsListenerCheck::takesTlsRoutes)
                .filter(l -> attachment.allows(l.namespaces(), l.gateway().getMetadata().getNamespace(), namespace)).toList();
        if (allowed.isEmpty()) {
            return new Outcome(Map.of(), "NotAllowedByListeners", "no served TLS listener of the Gateway takes TLSRoutes from namespace "
                    + namespace);
        }
        Map<ListenerState, List<String>> hosts = new LinkedHashMap<>();
        boolean catchAll = false;
        for (ListenerState listener : allowed) {
            List<String> served = new ArrayList<>(Hostnames.intersect(listener.hostname(), hostnames));
            catchAll |= served.remove(null);
            if (!served.isEmpty()) {
                hosts.put(listener, served);
            }
        }
        if (hosts.isEmpty()) {
            return catchAll
                    ? new Outcome(Map.of(), "UnsupportedValue", "neither the route nor its listener names a hostname: TLS passthrough "
                    + "routes by the ClientHello's server name, and a catch-all route is not served (expected spec.hostnames)")
                    : new Outcome(Map.of(), "NoMatchingListenerHostname", "no hostname of the route " + hostnames
                    + " intersects a TLS listener's hostname");
        }
        return new Outcome(hosts, "Accepted", "the route is attached to listener(s) "
                + hosts.keySet().stream().map(ListenerState::name).toList());
    }

    /**
     * @param backends   where the route's connections go, with their weights; empty when no backend takes them
     * @param unresolved the first reference that could not be used, as a ResolvedRefs reason and message, or null
     */
    private record Backend(List<TlsPassthrough.Backend> backends, String[] unresolved) {
    }

    private Backend backend(ObjectRef owner, String namespace, TLSRoute route) {
        List<TLSRouteRule> rules = route.getSpec() == null || route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
        Map<ClusterName, Integer> weights = new LinkedHashMap<>();
        String[] unresolved = null;
        for (int i = 0; i < rules.size(); i++) {
            List<BackendRef> refs = rules.get(i).getBackendRefs() == null ? List.of() : rules.get(i).getBackendRefs();
            for (int k = 0; k < refs.size(); k++) {
                BackendRef ref = refs.get(k);
                String field = "spec.rules[" + i + "].backendRefs[" + k + "]";
                String refNamespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace : ref.getNamespace();
                String[] problem = null;
                ClusterName cluster = null;
                if (!(ref.getGroup() == null || ref.getGroup().isEmpty()) || !(ref.getKind() == null || ref.getKind().equals("Service"))) {
                    problem = new String[] {"InvalidKind", field + ": " + ref.getGroup() + "/" + ref.getKind() + " is not a Service"};
                } else if (!grants.permits(TlsListenerCheck.TLS_ROUTE, namespace, "", "Service", refNamespace, ref.getName())) {
                    problem = new String[] {"RefNotPermitted", field + ": Service " + refNamespace + "/" + ref.getName()
                            + " is in another namespace, and no ReferenceGrant there allows TLSRoutes of " + namespace + " to use it"};
                } else if (ref.getPort() == null) {
                    problem = new String[] {"BackendNotFound", field + ": a Service backend needs its port"};
                } else {
                    cluster = services.resolve(owner, field, refNamespace,
                            new IngressServiceBackend(ref.getName(), new ServiceBackendPort(null, ref.getPort())));
                    if (cluster == null) {
                        problem = new String[] {"BackendNotFound", field + ": Service " + refNamespace + "/" + ref.getName() + " port "
                                + ref.getPort() + " is not found"};
                    }
                }
                if (problem != null) {
                    unresolved = unresolved == null ? problem : unresolved;
                    continue;
                }
                int weight = ref.getWeight() == null ? 1 : ref.getWeight();
                if (weight > 0) {
                    // the same Service port twice takes both shares
                    weights.merge(cluster, weight, Integer::sum);
                }
            }
        }
        List<TlsPassthrough.Backend> backends = new ArrayList<>();
        weights.forEach((cluster, weight) -> backends.add(new TlsPassthrough.Backend(cluster, weight)));
        return new Backend(backends, unresolved);
    }
}
