package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.GatewayObjects;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.TlsPassthrough;
import dev.gatehouse.routing.TcpListener;
import dev.gatehouse.routing.UdpListener;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Translates the Gateway API objects of our GatewayClasses into routes and their status.
 *
 * <p>Every listener of our Gateways is served by this proxy (the static model): HTTP listeners on the HTTP port,
 * HTTPS listeners on the HTTPS port, each named port mapping to it as {@link GatewaySettings#servedPort} says. The
 * proxy has one HTTP and one HTTPS listener, so routes are not isolated by protocol: a route attached to an HTTP
 * listener answers over HTTPS too, as an Ingress rule does. Within a port, listeners are isolated by hostname
 * ({@link ListenerIsolation}). HTTPRoutes are visited oldest first, so that when two of
 * them route the same host and path the oldest keeps it, as the specification orders them.
 */
public final class GatewayTranslator {

    /**
     * @param routes   the routes for the snapshot, in the order they claim their host and path
     * @param statuses the status of each of our objects
     * @param passthrough the TLS passthrough rules of TLSRoutes ({@link TlsRoutes})
     * @param tcp      the TCP listeners TCPRoutes ask for, oldest route first
     * @param udp      the UDP listeners UDPRoutes ask for, each on a port of its own
     */
    public record Result(List<GatewayRoute> routes, GatewayStatuses statuses, List<TlsPassthrough> passthrough,
                         List<PortClaim<TcpListener>> tcp, List<PortClaim<UdpListener>> udp) {

        public Result(List<GatewayRoute> routes, GatewayStatuses statuses) {
            this(routes, statuses, List.of(), List.of(), List.of());
        }
    }

    private final GatewaySettings settings;

    public GatewayTranslator(GatewaySettings settings) {
        this.settings = settings;
    }

    public Result translate(GatewayObjects objects, List<Secret> secretList, List<ConfigMap> configMaps, ServiceBackends backends,
                            CertificateBinder certificates, List<Warning> warnings) {
        Map<ObjectRef, GatewayClassStatus> classStatus = new TreeMap<>();
        Set<String> ourClasses = new LinkedHashSet<>();
        for (GatewayClass gatewayClass : objects.gatewayClasses()) {
            if (gatewayClass.getSpec() == null || !settings.controllerName().equals(gatewayClass.getSpec().getControllerName())) {
                continue;
            }
            List<Condition> conditions = GatewayConditions.ofClass(gatewayClass, objects.crds());
            classStatus.put(ObjectRef.of(gatewayClass), new GatewayClassStatus(conditions, null));
            if (conditions.get(0).getStatus().equals("True")) {
                ourClasses.add(gatewayClass.getMetadata().getName());
            }
        }

        Map<String, Secret> secrets = new HashMap<>();
        secretList.forEach(secret -> secrets.put(Metadata.namespace(secret) + "/" + secret.getMetadata().getName(), secret));
        ReferenceGrants grants = new ReferenceGrants(objects.referenceGrants());
        ListenerCheck check = new ListenerCheck(settings, secrets, grants, certificates);
        Map<String, Gateway> gateways = new TreeMap<>();
        Map<String, List<ListenerState>> listeners = new HashMap<>();
        for (Gateway gateway : Metadata.byAge(objects.gateways())) {
            if (gateway.getSpec() == null || !ourClasses.contains(gateway.getSpec().getGatewayClassName())) {
                continue;
            }
            String key = Metadata.namespace(gateway) + "/" + gateway.getMetadata().getName();
            gateways.put(key, gateway);
            List<ListenerState> states = new ArrayList<>();
            boolean addresses = gateway.getSpec().getAddresses() != null && !gateway.getSpec().getAddresses().isEmpty();
            List<Listener> specified = gateway.getSpec().getListeners() == null ? List.of() : gateway.getSpec().getListeners();
            Map<String, String> conflicts = ListenerConflicts.of(specified);
            for (Listener listener : specified) {
                ListenerState state = check.check(gateway, listener, conflicts.get(listener.getName()));
                if (!state.served()) {
                    warnings.add(new Warning(ObjectRef.of(gateway), Warning.UNSUPPORTED_GATEWAY_API, ObjectRef.of(gateway) + ": listener "
                            + state.name() + ": " + state.conditions().stream().filter(c -> c.getStatus().equals("False")).findFirst()
                            .map(Condition::getMessage).orElse("not served")));
                }
                states.add(state);
            }
            listeners.put(key, addresses ? List.of() : states);
        }

        Map<String, Namespace> namespaces = new HashMap<>();
        objects.namespaces().forEach(namespace -> namespaces.put(namespace.getMetadata().getName(), namespace));
        ListenerSets sets = new ListenerSets(objects.listenerSets(), gateways, listeners, check, namespaces);
        Attachment attachment = new Attachment(namespaces);
        BackendTlsPolicies policies = new BackendTlsPolicies(objects.backendTlsPolicies(), configMaps);
        PolicyBackends policyBackends = new PolicyBackends(backends, policies);
        RuleTranslator rules = new RuleTranslator(policyBackends, grants);
        Map<ListenerState, Integer> attached = new HashMap<>();
        Map<ListenerState, Set<String>> listenerHosts = new HashMap<>();
        Map<ObjectRef, List<RouteParentStatus>> routeStatus = new TreeMap<>();
        List<GatewayRoute> routes = new ArrayList<>();
        GrpcRoutes grpc = new GrpcRoutes(objects.grpcRoutes());
        RouteKindConflicts kinds = new RouteKindConflicts();
        List<HTTPRoute> httpAndGrpc = new ArrayList<>(objects.httpRoutes());
        httpAndGrpc.addAll(grpc.routes());
        for (HTTPRoute route : Metadata.byAge(httpAndGrpc)) {
            ObjectRef owner = ObjectRef.of(route);
            String namespace = Metadata.namespace(route);
            List<ParentReference> parents = route.getSpec() == null || route.getSpec().getParentRefs() == null
                    ? List.of() : route.getSpec().getParentRefs();
            Map<ListenerState, List<String>> hosts = new LinkedHashMap<>();
            List<ParentReference> ours = new ArrayList<>();
            List<Attachment.Outcome> outcomes = new ArrayList<>();
            for (ParentReference parent : parents) {
                String group = parent.getGroup() == null ? ListenerCheck.GROUP : parent.getGroup();
                String kind = parent.getKind() == null ? "Gateway" : parent.getKind();
                String key = (parent.getNamespace() == null ? namespace : parent.getNamespace()) + "/" + parent.getName();
                List<ListenerState> parentListeners = !group.equals(ListenerCheck.GROUP) ? null
                        : kind.equals("Gateway") ? listeners.get(key) : kind.equals(ListenerSets.KIND) ? sets.listeners(key) : null;
                if (parentListeners == null) {
                    continue;
                }
                Attachment.Outcome outcome = kinds.check(route, attachment.attach(route, parent, parentListeners));
                ours.add(parent);
                outcomes.add(outcome);
                outcome.listeners().forEach((listener, names) -> hosts.computeIfAbsent(listener, l -> new ArrayList<>()).addAll(names));
            }
            if (ours.isEmpty()) {
                continue;
            }
            List<String> dropped = new ArrayList<>();
            String[] unresolved = null;
            List<HTTPRouteRule> ruleList = route.getSpec().getRules() == null ? List.of() : route.getSpec().getRules();
            if (!hosts.isEmpty()) {
                Set<HostPattern> patterns = new LinkedHashSet<>();
                hosts.values().forEach(names -> names.forEach(name -> patterns.add(name == null ? HostPattern.any() : HostPattern.of(name))));
                int listenerPort = RedirectReader.listenerPort(hosts.keySet());
                policyBackends.through(BackendTlsPolicies.ancestors(ours, outcomes, namespace));
                Map<HostPattern, List<HostPattern>> isolation = ListenerIsolation.shadowed(hosts, listeners);
                for (int i = 0; i < ruleList.size(); i++) {
                    RuleTranslator.Result result = grpc.problem(route, i) != null ? RuleTranslator.dropped(grpc.problem(route, i), null)
                            : rules.translate(owner, namespace, i, ruleList.get(i), listenerPort);
                    if (result.dropped() != null) {
                        dropped.add("Dropped Rule " + i + ": " + result.dropped());
                        warnings.add(new Warning(owner, Warning.UNSUPPORTED_GATEWAY_API, owner + ": " + result.dropped()));
                    }
                    unresolved = unresolved == null ? result.unresolved() : unresolved;
                    for (RuleTranslator.Served match : result.matches()) {
                        String name = owner.namespace() + "/" + owner.name() + " rules[" + i + "] " + match.path()
                                + (match.conditions().any() ? "" : " " + match.conditions());
                        for (HostPattern pattern : patterns) {
                            routes.add(new GatewayRoute(owner, pattern, new Route(name, match.path(), match.action(), 0, match.conditions()),
                                    isolation.getOrDefault(pattern, List.of())));
                        }
                    }
                }
            }
            boolean allDropped = !ruleList.isEmpty() && dropped.size() == ruleList.size();
            List<RouteParentStatus> statuses = new ArrayList<>();
            for (int p = 0; p < ours.size(); p++) {
                Attachment.Outcome outcome = outcomes.get(p);
                boolean accepted = outcome.reason().equals("Accepted") && !allDropped;
                if (accepted) {
                    kinds.accepted(route, outcome);
                    outcome.listeners().forEach((listener, names) -> {
                        attached.merge(listener, 1, Integer::sum);
                        names.forEach(name -> listenerHosts.computeIfAbsent(listener, l -> new LinkedHashSet<>()).add(name));
                    });
                }
                List<Condition> conditions = new ArrayList<>();
                conditions.add(Conditions.of(route, Conditions.ACCEPTED, accepted, allDropped ? "UnsupportedValue" : outcome.reason(),
                        allDropped ? String.join("; ", dropped) : outcome.message()));
                conditions.add(Conditions.of(route, Conditions.RESOLVED_REFS, unresolved == null,
                        unresolved == null ? "ResolvedRefs" : unresolved[0], unresolved == null ? "every backend reference is resolved"
                                : unresolved[1]));
                if (!dropped.isEmpty() && !allDropped) {
                    conditions.add(Conditions.of(route, Conditions.PARTIALLY_INVALID, true, "UnsupportedValue", String.join("; ", dropped)));
                }
                statuses.add(new RouteParentStatus(conditions, settings.controllerName(), ours.get(p)));
            }
            routeStatus.put(owner, statuses);
        }

        TlsRoutes.Result tls = new TlsRoutes(settings.controllerName(), backends, grants, attachment)
                .translate(objects.tlsRoutes(), gateways, listeners, warnings);
        routeStatus.putAll(tls.statuses());
        tls.attached().forEach((listener, count) -> attached.merge(listener, count, Integer::sum));
        StreamRoutes.Result streams = new StreamRoutes(settings.controllerName(), backends, grants, attachment)
                .translate(objects.tcpRoutes(), objects.udpRoutes(), gateways, listeners, attached, routeStatus, warnings);

        Map<ObjectRef, GatewayStatus> gatewayStatus = new TreeMap<>();
        gateways.forEach((key, gateway) -> {
            ObjectRef ref = ObjectRef.of(gateway);
            List<ListenerState> states = listeners.get(key);
            List<ListenerStatus> listenerStatus = new ArrayList<>();
            for (ListenerState state : states) {
                listenerStatus.add(new ListenerStatus(attached.getOrDefault(state, 0), state.conditions(), state.name(),
                        state.supportedKinds()));
                if (state.certificate() != null) {
                    List<String> names = state.hostname() != null ? List.of(state.hostname())
                            : listenerHosts.getOrDefault(state, Set.of()).stream().filter(name -> name != null).toList();
                    if (!names.isEmpty()) {
                        String[] secret = state.certificate().split("/", 2);
                        certificates.bind(ref, "spec.listeners[" + state.name() + "].tls.certificateRefs", secret[0], secret[1], names,
                                warnings);
                    }
                }
            }
            gatewayStatus.put(ref, new GatewayStatus(null, sets.attachedTo(key), GatewayConditions.of(gateway, states), listenerStatus));
        });
        return new Result(SharedHosts.spread(routes), new GatewayStatuses(settings.controllerName(), classStatus, gatewayStatus, routeStatus,
                policies.statuses(settings.controllerName()), sets.statuses(attached, listenerHosts, certificates, warnings)),
                tls.passthrough(), streams.tcp(), streams.udp());
    }
}
