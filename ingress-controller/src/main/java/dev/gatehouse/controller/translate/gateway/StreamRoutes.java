package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.TcpListener;
import dev.gatehouse.routing.UdpListener;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TCPRoutes and UDPRoutes attached to the TCP and UDP listeners of our Gateways. A listener relays to one route: the
 * oldest that attaches to it keeps it, a later one is not accepted there. The route's first backendRef that resolves to
 * a Service port (of its namespace, or of one whose ReferenceGrant allows it) and has a weight is where every connection
 * or datagram goes: the proxy's TCP and UDP listeners have one cluster each, so weights between Services are not served,
 * and the route's Accepted message says so when it names more than one. Each attached listener becomes a TCP or UDP
 * listener of the snapshot on the listener's served port, named after the route ({@code tcproute default/db}).
 */
final class StreamRoutes {

    static final String TCP_ROUTE = "TCPRoute";
    static final String UDP_ROUTE = "UDPRoute";

    /** The listeners the routes ask the proxy for. */
    record Result(List<PortClaim<TcpListener>> tcp, List<PortClaim<UdpListener>> udp) {
    }

    /** What a TCPRoute and a UDPRoute share: their parents and their rules' backendRefs. */
    private record StreamRoute(HasMetadata route, String kind, List<ParentReference> parents, List<List<BackendRef>> rules) {

        static StreamRoute of(TCPRoute route) {
            List<List<BackendRef>> rules = new ArrayList<>();
            if (route.getSpec() != null && route.getSpec().getRules() != null) {
                for (TCPRouteRule rule : route.getSpec().getRules()) {
                    rules.add(rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs());
                }
            }
            return new StreamRoute(route, TCP_ROUTE, route.getSpec() == null || route.getSpec().getParentRefs() == null
                    ? List.of() : route.getSpec().getParentRefs(), rules);
        }

        static StreamRoute of(UDPRoute route) {
            List<List<BackendRef>> rules = new ArrayList<>();
            if (route.getSpec() != null && route.getSpec().getRules() != null) {
                for (UDPRouteRule rule : route.getSpec().getRules()) {
                    rules.add(rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs());
                }
            }
            return new StreamRoute(route, UDP_ROUTE, route.getSpec() == null || route.getSpec().getParentRefs() == null
                    ? List.of() : route.getSpec().getParentRefs(), rules);
        }
    }

    /** Where a route's connections go, or why nowhere. */
    private record Backend(String field, ClusterName cluster, int others, String[] unresolved) {
    }

    private final String controllerName;
    private final ServiceBackends services;
    private final ReferenceGrants grants;
    private final Attachment attachment;

    StreamRoutes(String controllerName, ServiceBackends services, ReferenceGrants grants, Attachment attachment) {
        this.controllerName = controllerName;
        this.services = services;
        this.grants = grants;
        this.attachment = attachment;
    }

    /**
     * Attaches the view's TCPRoutes and UDPRoutes, oldest first, counting them in {@code attached} and putting their
     * statuses in {@code routeStatus}.
     *
     * @param gateways  our Gateways by {@code namespace/name}
     * @param listeners their checked listeners, by the same key
     */
    Result translate(List<TCPRoute> tcpRoutes, List<UDPRoute> udpRoutes, Map<String, Gateway> gateways,
                     Map<String, List<ListenerState>> listeners, Map<ListenerState, Integer> attached,
                     Map<ObjectRef, List<RouteParentStatus>> routeStatus, List<Warning> warnings) {
        Map<ListenerState, ObjectRef> taken = new HashMap<>();
        List<PortClaim<TcpListener>> tcp = new ArrayList<>();
        for (TCPRoute route : Metadata.byAge(tcpRoutes)) {
            for (Map.Entry<ListenerState, Backend> served : attach(StreamRoute.of(route), gateways, listeners, taken, attached,
                    routeStatus, warnings).entrySet()) {
                ObjectRef owner = ObjectRef.of(route);
                tcp.add(new PortClaim<>(owner, "listener " + served.getKey().name(), new TcpListener(name(owner),
                        GatewaySettings.servedPort(served.getKey().port()), served.getValue().cluster(), false, false)));
            }
        }
        List<PortClaim<UdpListener>> udp = new ArrayList<>();
        Map<Integer, ObjectRef> udpPorts = new HashMap<>();
        for (UDPRoute route : Metadata.byAge(udpRoutes)) {
            for (Map.Entry<ListenerState, Backend> served : attach(StreamRoute.of(route), gateways, listeners, taken, attached,
                    routeStatus, warnings).entrySet()) {
                ObjectRef owner = ObjectRef.of(route);
                int port = GatewaySettings.servedPort(served.getKey().port());
                ObjectRef holder = udpPorts.putIfAbsent(port, owner);
                if (holder != null && !holder.equals(owner)) {
                    warnings.add(new Warning(owner, Warning.PORT_CONFLICT, owner + ": UDP port " + port + " is already served by "
                            + holder + " (expected one route per UDP port: UDPRoutes oldest first)"));
                } else if (holder == null) {
                    udp.add(new PortClaim<>(owner, "listener " + served.getKey().name(), new UdpListener(name(owner), port,
                            served.getValue().cluster())));
                }
            }
        }
        return new Result(tcp, udp);
    }

    /** {@code tcproute default/db}: the listener's name in metrics, logs and {@code /routes}. */
    private static String name(ObjectRef owner) {
        return owner.kind().toLowerCase(java.util.Locale.ROOT) + " " + owner.namespace() + "/" + owner.name();
    }

    /** The route's status on each of our parents; returns the listeners it is served on, with its backend. */
    private Map<ListenerState, Backend> attach(StreamRoute stream, Map<String, Gateway> gateways,
                                               Map<String, List<ListenerState>> listeners, Map<ListenerState, ObjectRef> taken,
                                               Map<ListenerState, Integer> attached, Map<ObjectRef, List<RouteParentStatus>> routeStatus,
                                               List<Warning> warnings) {
        HasMetadata route = stream.route();
        ObjectRef owner = ObjectRef.of(route);
        String namespace = Metadata.namespace(route);
        Backend backend = null;
        Map<ListenerState, Backend> served = new LinkedHashMap<>();
        List<RouteParentStatus> statuses = new ArrayList<>();
        for (ParentReference parent : stream.parents()) {
            String group = parent.getGroup() == null ? ListenerCheck.GROUP : parent.getGroup();
            String kind = parent.getKind() == null ? "Gateway" : parent.getKind();
            String key = (parent.getNamespace() == null ? namespace : parent.getNamespace()) + "/" + parent.getName();
            if (!group.equals(ListenerCheck.GROUP) || !kind.equals("Gateway") || !gateways.containsKey(key)) {
                continue;
            }
            if (backend == null) {
                backend = resolve(stream, owner, namespace);
                if (backend.others() > 0) {
                    warnings.add(new Warning(owner, Warning.UNSUPPORTED_GATEWAY_API, owner + ": only " + backend.field()
                            + " is served; " + backend.others() + " more backendRef(s) with a weight are not (a " + stream.kind()
                            + " relays to one Service)"));
                }
            }
            String[] outcome = outcome(stream, parent, listeners.get(key), taken, owner);
            boolean accepted = outcome[0].equals("Accepted");
            if (accepted) {
                for (ListenerState listener : attachedTo(stream, parent, listeners.get(key), taken, owner)) {
                    taken.put(listener, owner);
                    attached.merge(listener, 1, Integer::sum);
                    if (backend.cluster() != null) {
                        served.put(listener, backend);
                    }
                }
            }
            String acceptedMessage = outcome[1] + (accepted && backend.others() > 0 ? "; only " + backend.field()
                    + " is served, the other backendRefs are not (one Service per " + stream.kind() + ")" : "");
            List<Condition> conditions = List.of(
                    Conditions.of(route, Conditions.ACCEPTED, accepted, outcome[0], acceptedMessage),
                    Conditions.of(route, Conditions.RESOLVED_REFS, backend.unresolved() == null,
                            backend.unresolved() == null ? "ResolvedRefs" : backend.unresolved()[0],
                            backend.unresolved() == null ? "every backend reference is resolved" : backend.unresolved()[1]));
            statuses.add(new RouteParentStatus(conditions, controllerName, parent));
        }
        if (!statuses.isEmpty()) {
            routeStatus.put(owner, statuses);
        }
        return served;
    }

    /** The listeners of the parent the route takes: selected by sectionName and port, taking its kind, not another's. */
    private List<ListenerState> attachedTo(StreamRoute stream, ParentReference parent, List<ListenerState> listeners,
                                           Map<ListenerState, ObjectRef> taken, ObjectRef owner) {
        String namespace = Metadata.namespace(stream.route());
        return selected(parent, listeners).stream()
                .filter(l -> l.served() && l.supportedKinds().stream().anyMatch(k -> stream.kind().equals(k.getKind())))
                .filter(l -> attachment.allows(l.namespaces(), l.gateway().getMetadata().getNamespace(), namespace))
                .filter(l -> !taken.containsKey(l) || taken.get(l).equals(owner))
                .toList();
    }

    /** The Accepted reason and message of the route on one parent. */
    private String[] outcome(StreamRoute stream, ParentReference parent, List<ListenerState> listeners,
                             Map<ListenerState, ObjectRef> taken, ObjectRef owner) {
        String namespace = Metadata.namespace(stream.route());
        List<ListenerState> selected = selected(parent, listeners);
        if (selected.isEmpty()) {
            return new String[] {"NoMatchingParent", "the Gateway has no listener"
                    + (parent.getSectionName() == null ? "" : " named " + parent.getSectionName())
                    + (parent.getPort() == null ? "" : " on port " + parent.getPort())};
        }
        List<ListenerState> allowed = selected.stream()
                .filter(l -> l.served() && l.supportedKinds().stream().anyMatch(k -> stream.kind().equals(k.getKind())))
                .filter(l -> attachment.allows(l.namespaces(), l.gateway().getMetadata().getNamespace(), namespace))
                .toList();
        if (allowed.isEmpty()) {
            return new String[] {"NotAllowedByListeners", "no served listener of the Gateway takes " + stream.kind() + "s from namespace "
                    + namespace};
        }
        List<ListenerState> free = attachedTo(stream, parent, listeners, taken, owner);
        if (free.isEmpty()) {
            return new String[] {"NotAllowedByListeners", "listener(s) " + allowed.stream().map(ListenerState::name).toList()
                    + " already relay to " + allowed.stream().map(taken::get).distinct().map(ObjectRef::toString).toList()
                    + ", which is older (a " + stream.kind().substring(0, 3) + " listener relays to one route)"};
        }
        return new String[] {"Accepted", "the route is attached to listener(s) " + free.stream().map(ListenerState::name).toList()};
    }

    private static List<ListenerState> selected(ParentReference parent, List<ListenerState> listeners) {
        return listeners.stream()
                .filter(l -> parent.getSectionName() == null || parent.getSectionName().equals(l.name()))
                .filter(l -> parent.getPort() == null || parent.getPort() == l.port())
                .toList();
    }

    /** The first backendRef that resolves and takes traffic, how many more would, and the first that does not resolve. */
    private Backend resolve(StreamRoute stream, ObjectRef owner, String namespace) {
        String field = null;
        ClusterName cluster = null;
        int others = 0;
        String[] unresolved = null;
        for (int i = 0; i < stream.rules().size(); i++) {
            List<BackendRef> refs = stream.rules().get(i);
            for (int k = 0; k < refs.size(); k++) {
                BackendRef ref = refs.get(k);
                String refField = "spec.rules[" + i + "].backendRefs[" + k + "]";
                String serviceNamespace = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? namespace : ref.getNamespace();
                String[] problem = null;
                ClusterName resolved = null;
                if (!(ref.getGroup() == null || ref.getGroup().isEmpty()) || !(ref.getKind() == null || ref.getKind().equals("Service"))) {
                    problem = new String[] {"InvalidKind", refField + ": " + ref.getGroup() + "/" + ref.getKind() + " is not a Service"};
                } else if (!grants.permits(stream.kind(), namespace, "", "Service", serviceNamespace, ref.getName())) {
                    problem = new String[] {"RefNotPermitted", refField + ": Service " + serviceNamespace + "/" + ref.getName()
                            + " is in another namespace, and no ReferenceGrant there allows " + stream.kind() + "s of " + namespace
                            + " to use it"};
                } else if (ref.getPort() == null) {
                    problem = new String[] {"BackendNotFound", refField + ": a Service backend needs its port"};
                } else {
                    resolved = services.resolve(owner, refField, serviceNamespace,
                            new IngressServiceBackend(ref.getName(), new ServiceBackendPort(null, ref.getPort())));
                    if (resolved == null) {
                        problem = new String[] {"BackendNotFound", refField + ": Service " + serviceNamespace + "/" + ref.getName()
                                + " port " + ref.getPort() + " is not found"};
                    }
                }
                if (problem != null) {
                    unresolved = unresolved == null ? problem : unresolved;
                } else if (ref.getWeight() == null || ref.getWeight() > 0) {
                    if (cluster == null) {
                        cluster = resolved;
                        field = refField;
                    } else {
                        others++;
                    }
                }
            }
        }
        return new Backend(field, cluster, others, unresolved);
    }
}
