package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status side of TLSRoutes on the mock API server, written by the leader's status writer: a TLS listener's supported
 * kinds and attached routes, and each route's parent conditions with the standard reasons.
 */
class TlsRouteStatusTest {

    private final StatusCluster cluster = new StatusCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void tlsRoutesAreAcceptedOrRefusedWithTheStandardReasonsAndTheTlsListenerTakesTlsRoutesOnly() {
        cluster.create(GatewayWorld.BASE + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: tls}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: passthrough, port: 443, protocol: TLS, hostname: "*.example.com", tls: {mode: Passthrough}}
                  - {name: terminate, port: 9443, protocol: TLS, tls: {mode: Terminate}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: served}
                spec:
                  parentRefs: [{name: tls, sectionName: passthrough}]
                  hostnames: [db.example.com]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: missing-backend}
                spec:
                  parentRefs: [{name: tls, sectionName: passthrough}]
                  hostnames: [gone.example.com]
                  rules: [{backendRefs: [{name: no-such-service, port: 443}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: other-domain}
                spec:
                  parentRefs: [{name: tls, sectionName: passthrough}]
                  hostnames: [db.example.org]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: on-http}
                spec:
                  parentRefs: [{name: same-namespace}]
                  hostnames: [db.example.com]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: infra-backend-v1}
                spec:
                  ports: [{name: http, port: 8080}]
                """);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(route("served")).containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs");
            assertThat(route("missing-backend")).containsExactly("Accepted=True/Accepted", "ResolvedRefs=False/BackendNotFound");
            assertThat(route("other-domain")).containsExactly("Accepted=False/NoMatchingListenerHostname", "ResolvedRefs=True/ResolvedRefs");
            assertThat(route("on-http")).containsExactly("Accepted=False/NotAllowedByListeners", "ResolvedRefs=True/ResolvedRefs");
            List<ListenerStatus> listeners = cluster.listenerStatus("tls");
            assertThat(listeners).extracting(ListenerStatus::getName).containsExactly("passthrough", "terminate");
            assertThat(listeners.get(0).getSupportedKinds()).extracting(RouteGroupKind::getKind).containsExactly("TLSRoute");
            assertThat(listeners.get(0).getAttachedRoutes()).isEqualTo(2);
            assertThat(StatusCluster.conditions(listeners.get(0).getConditions())).contains("Accepted=True/Accepted", "Programmed=True/Programmed");
            assertThat(StatusCluster.conditions(listeners.get(1).getConditions())).contains("Accepted=False/UnsupportedValue");
        });
    }

    private List<String> route(String name) {
        TLSRoute read = cluster.kube().resources(TLSRoute.class).inNamespace("default").withName(name).get();
        return read.getStatus() == null || read.getStatus().getParents() == null || read.getStatus().getParents().isEmpty() ? List.of()
                : StatusCluster.conditions(read.getStatus().getParents().get(0).getConditions());
    }
}
