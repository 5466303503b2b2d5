package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.kube.GatewayStatusWriter;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GRPCRoute status on fabric8's mock API server, written by the leader's {@link GatewayStatusWriter}: its parents as an
 * HTTPRoute's, the listeners' supported kinds, and an HTTPRoute and a GRPCRoute that share a hostname on one listener,
 * of which the specification accepts the older only.
 */
class GatewayGrpcRouteStatusTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-08T01:00:00Z"), ZoneOffset.UTC);

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private final GatewayStatusWriter writer = new GatewayStatusWriter(kube, () -> true, CLOCK, List::of);
    private final List<HasMetadata> objects = new ArrayList<>();

    @AfterEach
    void stop() {
        writer.close();
        cluster.close();
    }

    @Test
    void aGrpcRouteIsAcceptedAndAnHttpRouteOnItsHostnameLaterIsRefusedWhileOneOnAnotherHostnameIsAccepted() {
        create(GatewayWorld.BASE + """
                apiVersion: v1
                kind: Service
                metadata: {name: grpc-backend}
                spec:
                  ports: [{name: grpc, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: a-grpc, creationTimestamp: "2026-12-01T00:00:00Z"}
                spec:
                  parentRefs: [{name: same-namespace}]
                  hostnames: [api.example.com]
                  rules:
                  - matches: [{method: {service: grpc.testing.TestService}}]
                    backendRefs: [{name: grpc-backend, port: 8080}]
                  - matches: [{method: {type: RegularExpression, service: "grpc.(testing"}}]
                    backendRefs: [{name: grpc-backend, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: b-same-host, creationTimestamp: "2026-12-02T00:00:00Z"}
                spec:
                  parentRefs: [{name: same-namespace}]
                  hostnames: ["*.example.com"]
                  rules: [{backendRefs: [{name: grpc-backend, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: c-other-host, creationTimestamp: "2026-12-03T00:00:00Z"}
                spec:
                  parentRefs: [{name: same-namespace}]
                  hostnames: [web.example.org]
                  rules: [{backendRefs: [{name: grpc-backend, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: GRPCRoute
                metadata: {name: d-mirror, creationTimestamp: "2026-12-04T00:00:00Z"}
                spec:
                  parentRefs: [{name: same-namespace}]
                  hostnames: [mirror.example.net]
                  rules:
                  - filters:
                    - type: RequestMirror
                      requestMirror: {backendRef: {name: grpc-backend, port: 8080}}
                    backendRefs: [{name: grpc-backend, port: 8080}]
                """);

        translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(grpcConditions("a-grpc"))
                    .containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs", "PartiallyInvalid=True/UnsupportedValue");
            assertThat(grpcParent("a-grpc").getConditions().get(2).getMessage())
                    .contains("spec.rules[1].matches[0].method: service \"grpc.(testing\" is not an RE2 expression");
            assertThat(httpConditions("b-same-host")).startsWith("Accepted=False/HostnameConflict");
            assertThat(httpParent("b-same-host").getConditions().get(0).getMessage()).contains("GRPCRoute default/a-grpc");
            assertThat(httpConditions("c-other-host")).startsWith("Accepted=True/Accepted");
            assertThat(grpcConditions("d-mirror")).startsWith("Accepted=False/UnsupportedValue");
            assertThat(grpcParent("d-mirror").getConditions().get(0).getMessage()).contains("RequestMirror is not served for GRPCRoutes");
            Gateway gateway = kube.resources(Gateway.class).inNamespace("default").withName("same-namespace").get();
            assertThat(gateway.getStatus().getListeners().get(0).getSupportedKinds()).extracting(RouteGroupKind::getKind)
                    .containsExactly("HTTPRoute", "GRPCRoute");
            assertThat(gateway.getStatus().getListeners().get(0).getAttachedRoutes()).isEqualTo(2);
        });
    }

    private void create(String yaml) {
        for (String document : yaml.split("(?m)^---$")) {
            if (document.isBlank()) {
                continue;
            }
            HasMetadata object = kube.getKubernetesSerialization().unmarshal(document);
            if (object instanceof io.fabric8.kubernetes.api.model.Namespaced && object.getMetadata().getNamespace() == null) {
                object.getMetadata().setNamespace("default");
            }
            String created = object.getMetadata().getCreationTimestamp();
            HasMetadata stored = kube.resource(object).create();
            // the mock server stamps its own time; the test orders the routes by the times it gave them
            stored.getMetadata().setCreationTimestamp(created == null ? stored.getMetadata().getCreationTimestamp() : created);
            objects.add(stored);
        }
    }

    private void translateAndWrite() {
        writer.desired(new IngressTranslator(TranslatorSettings.defaults()).translate(ClusterView.of(objects)).gateway());
    }

    private RouteParentStatus grpcParent(String route) {
        GRPCRoute read = kube.resources(GRPCRoute.class).inNamespace("default").withName(route).get();
        assertThat(read.getStatus()).as("status of GRPCRoute " + route).isNotNull();
        return read.getStatus().getParents().get(0);
    }

    private RouteParentStatus httpParent(String route) {
        HTTPRoute read = kube.resources(HTTPRoute.class).inNamespace("default").withName(route).get();
        assertThat(read.getStatus()).as("status of HTTPRoute " + route).isNotNull();
        return read.getStatus().getParents().get(0);
    }

    private List<String> grpcConditions(String route) {
        return grpcParent(route).getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).toList();
    }

    private List<String> httpConditions(String route) {
        return httpParent(route).getConditions().stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).toList();
    }
}
