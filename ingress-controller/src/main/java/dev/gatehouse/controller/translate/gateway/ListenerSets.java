package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntry;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerEntryStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerNamespaces;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentGatewayReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ListenerSets attached to our Gateways: a Gateway takes them as its {@code spec.allowedListeners.namespaces} says
 * ({@code None} by default, {@code Same}, {@code All}, {@code Selector}), and their listeners are checked as the
 * Gateway's own ({@link ListenerCheck}), in the ListenerSet's namespace. A listener that is not distinct from one of the
 * Gateway's, or from one of an older ListenerSet of that Gateway, is conflicted and not served: the Gateway's listeners
 * win, then the older ListenerSets'. Routes attach to a ListenerSet by a parentRef of kind ListenerSet.
 */
final class ListenerSets {

    static final String KIND = "ListenerSet";

    private record Attached(ListenerSet set, String gateway, boolean allowed, List<ListenerState> states) {
    }

    private final Map<String, Attached> attached = new LinkedHashMap<>();

    /**
     * @param gateways  our Gateways by {@code namespace/name}
     * @param listeners their checked listeners, by the same key
     */
    ListenerSets(List<ListenerSet> sets, Map<String, Gateway> gateways, Map<String, List<ListenerState>> listeners, ListenerCheck check,
                 Map<String, Namespace> namespaces) {
        Map<String, List<Listener>> taken = new HashMap<>();
        for (ListenerSet set : Metadata.byAge(sets)) {
            ParentGatewayReference parent = set.getSpec() == null ? null : set.getSpec().getParentRef();
            if (parent == null || parent.getName() == null || !(parent.getGroup() == null || parent.getGroup().equals(ListenerCheck.GROUP))
                    || !(parent.getKind() == null || parent.getKind().equals("Gateway"))) {
                continue;
            }
            String namespace = Metadata.namespace(set);
            String gatewayKey = (parent.getNamespace() == null || parent.getNamespace().isEmpty() ? namespace : parent.getNamespace())
                    + "/" + parent.getName();
            Gateway gateway = gateways.get(gatewayKey);
            if (gateway == null || !listeners.containsKey(gatewayKey)) {
                continue;
            }
            String key = namespace + "/" + set.getMetadata().getName();
            if (!allows(gateway, namespace, namespaces)) {
                attached.put(key, new Attached(set, gatewayKey, false, List.of()));
                continue;
            }
            List<Listener> entries = new ArrayList<>();
            for (ListenerEntry entry : set.getSpec().getListeners() == null ? List.<ListenerEntry>of() : set.getSpec().getListeners()) {
                entries.add(new Listener(entry.getAllowedRoutes(), entry.getHostname(), entry.getName(), entry.getPort(), entry.getProtocol(),
                        entry.getTls()));
            }
            List<Listener> winners = taken.computeIfAbsent(gatewayKey,
                    k -> new ArrayList<>(gateway.getSpec().getListeners() == null ? List.of() : gateway.getSpec().getListeners()));
            Map<String, String> own = ListenerConflicts.of(entries);
            List<ListenerState> states = new ArrayList<>();
            List<Listener> served = new ArrayList<>();
            for (Listener entry : entries) {
                String conflict = own.containsKey(entry.getName()) ? own.get(entry.getName()) : ListenerConflicts.against(entry, winners);
                ListenerState state = check.check(set, entry, conflict);
                states.add(state);
                if (conflict == null) {
                    served.add(entry);
                }
            }
            winners.addAll(served);
            attached.put(key, new Attached(set, gatewayKey, true, states));
        }
    }

    /** The listeners of ListenerSet {@code namespace/name} when it is attached to one of our Gateways, else null. */
    List<ListenerState> listeners(String key) {
        Attached one = attached.get(key);
        return one == null ? null : one.states();
    }

    /** How many ListenerSets the Gateway {@code namespace/name} took. */
    int attachedTo(String gateway) {
        return (int) attached.values().stream().filter(one -> one.allowed() && one.gateway().equals(gateway)).count();
    }

    /**
     * The status of each ListenerSet naming one of our Gateways, after binding the certificates of its HTTPS listeners.
     *
     * @param routes the number of routes attached to each listener
     * @param hosts  the hostnames the routes of each listener serve, for a listener without hostname
     */
    Map<ObjectRef, ListenerSetStatus> statuses(Map<ListenerState, Integer> routes, Map<ListenerState, Set<String>> hosts,
                                               CertificateBinder certificates, List<Warning> warnings) {
        Map<ObjectRef, ListenerSetStatus> statuses = new TreeMap<>();
        for (Attached one : attached.values()) {
            ListenerSet set = one.set();
            ObjectRef ref = ObjectRef.of(set);
            if (!one.allowed()) {
                String why = "Gateway " + one.gateway() + " does not allow ListenerSets of namespace " + Metadata.namespace(set)
                        + " (its spec.allowedListeners)";
                warnings.add(new Warning(ref, Warning.UNSUPPORTED_GATEWAY_API, ref + ": " + why));
                statuses.put(ref, new ListenerSetStatus(List.of(Conditions.of(set, Conditions.ACCEPTED, false, "NotAllowed", why),
                        Conditions.of(set, Conditions.PROGRAMMED, false, "NotAllowed", why)), List.of()));
                continue;
            }
            List<ListenerEntryStatus> entries = new ArrayList<>();
            for (ListenerState state : one.states()) {
                entries.add(new ListenerEntryStatus(routes.getOrDefault(state, 0), state.conditions(), state.name(), state.supportedKinds()));
                if (state.certificate() != null) {
                    List<String> names = state.hostname() != null ? List.of(state.hostname())
                            : hosts.getOrDefault(state, Set.of()).stream().filter(name -> name != null).toList();
                    if (!names.isEmpty()) {
                        String[] secret = state.certificate().split("/", 2);
                        certificates.bind(ref, "spec.listeners[" + state.name() + "].tls.certificateRefs", secret[0], secret[1], names, warnings);
                    }
                }
            }
            statuses.put(ref, new ListenerSetStatus(conditions(set, one.states()), entries));
        }
        return statuses;
    }

    private static List<Condition> conditions(ListenerSet set, List<ListenerState> states) {
        long served = states.stream().filter(ListenerState::served).count();
        List<String> invalid = states.stream().filter(state -> !state.served()).map(ListenerState::name).toList();
        boolean all = served == states.size() && served > 0;
        String message = all ? "every listener is served" : served == 0 ? "no listener is served" : "listener(s) " + invalid + " are not served";
        return List.of(Conditions.of(set, Conditions.ACCEPTED, served > 0, all ? "Accepted" : "ListenersNotValid", message),
                Conditions.of(set, Conditions.PROGRAMMED, served > 0, served > 0 ? "Programmed" : "Invalid", message));
    }

    private static boolean allows(Gateway gateway, String namespace, Map<String, Namespace> namespaces) {
        ListenerNamespaces allowed = gateway.getSpec().getAllowedListeners() == null ? null : gateway.getSpec().getAllowedListeners().getNamespaces();
        String from = allowed == null || allowed.getFrom() == null ? "None" : allowed.getFrom();
        return switch (from) {
            case "All" -> true;
            case "Same" -> Metadata.namespace(gateway).equals(namespace);
            case "Selector" -> Attachment.selects(allowed.getSelector(), namespaces.get(namespace));
            default -> false;
        };
    }
}
