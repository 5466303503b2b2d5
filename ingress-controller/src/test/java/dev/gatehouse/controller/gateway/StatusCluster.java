package dev.gatehouse.controller.gateway;

import dev.gatehouse.controller.kube.GatewayStatusWriter;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.controller.view.GatewayCrds;
import dev.gatehouse.controller.view.GatewayObjects;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gateway API objects on fabric8's mock API server (CRUD mode), translated as the controller does and their status written
 * by the leader's {@link GatewayStatusWriter}, for the status side of the conformance tests. The test keeps the objects it
 * created in step with the server through {@link #create} and {@link #replace}, as the informers would.
 */
final class StatusCluster implements AutoCloseable {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T17:00:00Z"), ZoneOffset.UTC);

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private final GatewayStatusWriter writer;
    private final List<HasMetadata> objects = new ArrayList<>();
    private GatewayCrds crds = GatewayCrds.NOT_A_CLUSTER;

    StatusCluster() {
        this(List::of);
    }

    /** @param addresses the addresses the Gatehouse Service is published at */
    StatusCluster(Supplier<List<IngressLoadBalancerIngress>> addresses) {
        writer = new GatewayStatusWriter(kube, () -> true, CLOCK, addresses);
    }

    KubernetesClient kube() {
        return kube;
    }

    /** Creates each document of {@code yaml} on the server, in namespace {@code default} unless it names one. */
    void create(String yaml) {
        for (String document : yaml.split("(?m)^---$")) {
            if (document.isBlank()) {
                continue;
            }
            HasMetadata object = kube.getKubernetesSerialization().unmarshal(document);
            if (object instanceof Namespaced && object.getMetadata().getNamespace() == null) {
                object.getMetadata().setNamespace("default");
            }
            objects.add(kube.resource(object).create());
        }
    }

    /** Updates {@code object} on the server and in the translated view. */
    <T extends HasMetadata> T replace(T object) {
        T updated = kube.resource(object).update();
        objects.replaceAll(o -> o.getClass() == updated.getClass() && o.getMetadata().getName().equals(updated.getMetadata().getName())
                && java.util.Objects.equals(o.getMetadata().getNamespace(), updated.getMetadata().getNamespace()) ? updated : o);
        return updated;
    }

    /** Deletes {@code object} from the server and from the translated view. */
    void delete(HasMetadata object) {
        kube.resource(object).delete();
        objects.removeIf(o -> o.getClass() == object.getClass() && o.getMetadata().getName().equals(object.getMetadata().getName()));
    }

    /** Translates the view as the cluster's informers would show it, with CRDs of these versions. */
    void crds(GatewayCrds read) {
        crds = read;
    }

    void translateAndWrite() {
        ClusterView view = ClusterView.of(objects);
        GatewayObjects gateway = view.gateway();
        view = view.withGateway(gateway.withCrds(crds));
        writer.desired(new IngressTranslator(TranslatorSettings.defaults()).translate(view).gateway());
    }

    Gateway gateway(String name) {
        return kube.resources(Gateway.class).inNamespace("default").withName(name).get();
    }

    GatewayClass gatewayClass(String name) {
        return kube.resources(GatewayClass.class).withName(name).get();
    }

    /** Each listener of the Gateway as {@code name [Type=Status/Reason, ...]}, or nothing before its status is written. */
    List<String> listeners(String gateway) {
        Gateway read = gateway(gateway);
        if (read.getStatus() == null || read.getStatus().getListeners() == null) {
            return List.of();
        }
        return read.getStatus().getListeners().stream().map(l -> l.getName() + " " + conditions(l.getConditions())).toList();
    }

    List<ListenerStatus> listenerStatus(String gateway) {
        Gateway read = gateway(gateway);
        return read.getStatus() == null || read.getStatus().getListeners() == null ? List.of() : read.getStatus().getListeners();
    }

    List<RouteParentStatus> parents(String route) {
        HTTPRoute read = kube.resources(HTTPRoute.class).inNamespace("default").withName(route).get();
        return read.getStatus() == null ? List.of() : read.getStatus().getParents();
    }

    /** The conditions of the route's first parent. */
    List<String> parentConditions(String route) {
        List<RouteParentStatus> parents = parents(route);
        return parents.isEmpty() ? List.of() : conditions(parents.get(0).getConditions());
    }

    static List<String> conditions(List<Condition> conditions) {
        return conditions == null ? List.of() : conditions.stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).toList();
    }

    @Override
    public void close() {
        writer.close();
        cluster.close();
    }
}
