package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.translate.gateway.GatewayStatuses;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSetStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRouteStatus;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the status each translation gives our Gateway API objects: GatewayClass and Gateway status whole, and our
 * entries of each route's (HTTPRoute, GRPCRoute, TLSRoute, TCPRoute, UDPRoute; {@link RouteStatusAccess}) {@code status.parents}
 * (those of other controllers are kept), taking ours away from a route that stopped naming our Gateways, and our entries
 * of each used BackendTLSPolicy's {@code status.ancestors} ({@link PolicyAncestorWrites}), and ListenerSets' status
 * ({@link ListenerSetWrites}). Only the leader writes, only where the status differs; a condition keeps its
 * {@code lastTransitionTime} while its status stays the same, conditions of other types are kept
 * ({@link GatewayConditionMerge}), and never over a newer generation of the object than the
 * status is for. A sync that fails is retried with a growing delay.
 * <p>Every Gateway's {@code status.addresses} are the Gatehouse Service's, the ones the Ingresses' status publishes
 * ({@code --publish-service} or {@code --publish-status-address}): every replica serves every Gateway.
 */
public final class GatewayStatusWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayStatusWriter.class);

    private final KubernetesClient client;
    private final BooleanSupplier leader;
    private final Clock clock;
    private final Supplier<List<IngressLoadBalancerIngress>> addresses;
    private final StatusSyncLoop loop = new StatusSyncLoop("gatehouse-gateway-status", this::sync);
    private volatile GatewayStatuses desired;
    private Set<ObjectRef> routesWritten = Set.of();
    private Set<ObjectRef> policiesWritten = Set.of();

    /** @param addresses the addresses the Gatehouse Service is published at, as the Ingresses' status has them */
    public GatewayStatusWriter(KubernetesClient client, BooleanSupplier leader, Clock clock,
                               Supplier<List<IngressLoadBalancerIngress>> addresses) {
        this.client = client;
        this.leader = leader;
        this.clock = clock;
        this.addresses = addresses;
    }

    /** After each translation: the status our objects should have. */
    public void desired(GatewayStatuses statuses) {
        desired = statuses;
        trigger();
    }

    /** Something changed (the leadership, the published address): sync soon, once for many triggers. */
    public void trigger() {
        loop.trigger();
    }

    /** @return false when some write failed */
    private boolean sync() {
        GatewayStatuses statuses = desired;
        if (!leader.getAsBoolean() || statuses == null) {
            return true;
        }
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        boolean failed = false;
        List<GatewayStatusAddress> published = gatewayAddresses();
        for (Map.Entry<ObjectRef, GatewayClassStatus> entry : statuses.classes().entrySet()) {
            failed |= !write(entry.getKey(), () -> {
                GatewayClass fresh = client.resources(GatewayClass.class).withName(entry.getKey().name()).get();
                if (fresh == null || behind(entry.getValue().getConditions(), fresh)) {
                    return null;
                }
                GatewayClassStatus old = fresh.getStatus() == null ? new GatewayClassStatus() : fresh.getStatus();
                GatewayClassStatus next = new GatewayClassStatus(GatewayConditionMerge.merged(old.getConditions(),
                        entry.getValue().getConditions(), now),
                        old.getSupportedFeatures());
                return next.equals(old) ? null : () -> client.resources(GatewayClass.class)
                        .resource(new GatewayClassBuilder(fresh).withStatus(next).build()).updateStatus();
            });
        }
        for (Map.Entry<ObjectRef, GatewayStatus> entry : statuses.gateways().entrySet()) {
            ObjectRef ref = entry.getKey();
            failed |= !write(ref, () -> {
                Gateway fresh = client.resources(Gateway.class).inNamespace(ref.namespace()).withName(ref.name()).get();
                if (fresh == null || behind(entry.getValue().getConditions(), fresh)) {
                    return null;
                }
                GatewayStatus old = fresh.getStatus() == null ? new GatewayStatus() : fresh.getStatus();
                List<ListenerStatus> listeners = new ArrayList<>();
                for (ListenerStatus listener : entry.getValue().getListeners()) {
                    ListenerStatus before = old.getListeners() == null ? null : old.getListeners().stream()
                            .filter(l -> Objects.equals(l.getName(), listener.getName())).findFirst().orElse(null);
                    listeners.add(new ListenerStatus(listener.getAttachedRoutes(),
                            GatewayConditionMerge.merged(before == null ? null : before.getConditions(), listener.getConditions(), now),
                            listener.getName(),
                            listener.getSupportedKinds()));
                }
                GatewayStatus next = new GatewayStatus(published, entry.getValue().getAttachedListenerSets(),
                        GatewayConditionMerge.merged(old.getConditions(), entry.getValue().getConditions(), now), listeners);
                return next.equals(old) ? null : () -> client.resources(Gateway.class).inNamespace(ref.namespace())
                        .resource(new GatewayBuilder(fresh).withStatus(next).build()).updateStatus();
            });
        }
        Set<ObjectRef> routes = new HashSet<>(statuses.routes().keySet());
        for (ObjectRef ref : routes) {
            failed |= !writeRoute(ref, statuses.controllerName(), statuses.routes().get(ref), now);
        }
        for (ObjectRef ref : routesWritten) {
            if (!routes.contains(ref)) {
                failed |= !writeRoute(ref, statuses.controllerName(), List.of(), now);
            }
        }
        routesWritten = routes;
        Set<ObjectRef> policies = new HashSet<>(statuses.policies().keySet());
        policies.addAll(policiesWritten);
        for (ObjectRef ref : policies) {
            failed |= !write(ref, () -> PolicyAncestorWrites.plan(client, ref, statuses.controllerName(),
                    statuses.policies().getOrDefault(ref, List.of()), now));
        }
        policiesWritten = statuses.policies().keySet();
        for (Map.Entry<ObjectRef, ListenerSetStatus> entry : statuses.listenerSets().entrySet()) {
            failed |= !write(entry.getKey(), () -> ListenerSetWrites.plan(client, entry.getKey(), entry.getValue(), now));
        }
        return !failed;
    }

    /** The published addresses as Gateway addresses, or null (no field) while there is none. */
    private List<GatewayStatusAddress> gatewayAddresses() {
        List<GatewayStatusAddress> published = new ArrayList<>();
        for (IngressLoadBalancerIngress address : addresses.get()) {
            if (address.getIp() != null && !address.getIp().isBlank()) {
                published.add(new GatewayStatusAddress("IPAddress", address.getIp()));
            } else if (address.getHostname() != null && !address.getHostname().isBlank()) {
                published.add(new GatewayStatusAddress("Hostname", address.getHostname()));
            }
        }
        return published.isEmpty() ? null : published;
    }

    /** Our parents of the route as {@code ours} says, the other controllers' kept as they are. */
    private boolean writeRoute(ObjectRef ref, String controllerName, List<RouteParentStatus> ours, String now) {
        return write(ref, () -> {
            RouteStatusAccess route = RouteStatusAccess.of(client, ref);
            if (route == null || route.read() == null || ours.stream().anyMatch(parent -> behind(parent.getConditions(), route.read()))) {
                return null;
            }
            List<RouteParentStatus> old = route.parents();
            List<RouteParentStatus> parents = RouteParents.merged(old, controllerName, ours, now);
            if (parents.equals(old)) {
                return null;
            }
            return () -> route.write(parents);
        });
    }

    /** {@link RouteParents#behind}. */
    private static boolean behind(List<Condition> desired, HasMetadata fresh) {
        return RouteParents.behind(desired, fresh);
    }

    /** A read of the fresh object that says what to write, or null when nothing needs writing. */
    private interface Update {
        Runnable plan();
    }

    private boolean write(ObjectRef ref, Update update) {
        try {
            // read afresh rather than copy the cached object; the update carries its resourceVersion, so a
            // concurrent writer makes it fail (409) and the retry reads again
            Runnable write = update.plan();
            if (write != null && leader.getAsBoolean()) {
                write.run();
                log.info("{}: status written", ref);
            }
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true;
            }
            if (Thread.currentThread().isInterrupted()) {
                // the writer is closing: the write is given up, not failed
                return false;
            }
            log.warn("{}: writing status failed, will retry: {}", ref, KubeCauses.describe(e, KubeCauses.apiServer(client)));
            return false;
        }
    }

    @Override
    public void close() {
        loop.close();
    }
}
