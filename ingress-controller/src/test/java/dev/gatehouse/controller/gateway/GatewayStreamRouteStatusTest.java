package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status the leader writes for TCPRoutes and UDPRoutes and for the TCP and UDP listeners they attach to, on the mock
 * API server: supportedKinds, attachedRoutes, and each route's Accepted and ResolvedRefs with the standard reasons.
 */
class GatewayStreamRouteStatusTest {

    private static final String GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: streams}
            spec:
              gatewayClassName: gatehouse
              listeners:
              - {name: db, port: 5432, protocol: TCP}
              - {name: dns, port: 53, protocol: UDP}
              - {name: dns-tcp, port: 53, protocol: TCP}
              - {name: on-http-port, port: 80, protocol: TCP}
              - {name: wrong-kind, port: 6000, protocol: TCP, allowedRoutes: {kinds: [{kind: HTTPRoute}]}}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: db}
            spec:
              ports: [{name: pg, port: 5432}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: resolver}
            spec:
              ports: [{name: dns, port: 53, protocol: UDP}]
            ---
            """;

    private final StatusCluster cluster = new StatusCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void tcpAndUdpListenersTakeTheirRouteKindsAndCountTheRoutesAttachedWhileATcpListenerOnTheHttpPortIsNotAccepted() {
        cluster.create(GatewayWorld.BASE + GATEWAY + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: TCPRoute
                metadata: {name: db}
                spec:
                  parentRefs: [{name: streams, sectionName: db}]
                  rules: [{backendRefs: [{name: db, port: 5432}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: UDPRoute
                metadata: {name: dns}
                spec:
                  parentRefs: [{name: streams, sectionName: dns}]
                  rules: [{backendRefs: [{name: resolver, port: 53}]}]
                """);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cluster.listeners("streams")).containsExactly(
                    "db [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs, Programmed=True/Programmed, Conflicted=False/NoConflicts]",
                    "dns [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs, Programmed=True/Programmed, Conflicted=False/NoConflicts]",
                    "dns-tcp [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs, Programmed=True/Programmed, Conflicted=False/NoConflicts]",
                    "on-http-port [Accepted=False/PortUnavailable, ResolvedRefs=True/ResolvedRefs, Programmed=False/Invalid, "
                            + "Conflicted=False/NoConflicts]",
                    "wrong-kind [Accepted=True/Accepted, ResolvedRefs=False/InvalidRouteKinds, Programmed=False/Invalid, "
                            + "Conflicted=False/NoConflicts]");
            assertThat(cluster.listenerStatus("streams")).extracting(l -> l.getName() + " " + kinds(l) + " " + l.getAttachedRoutes())
                    .containsExactly("db [TCPRoute] 1", "dns [UDPRoute] 1", "dns-tcp [TCPRoute] 0", "on-http-port [TCPRoute] 0",
                            "wrong-kind [] 0");
            assertThat(conditions(tcpParents("db"))).containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs");
            assertThat(conditions(udpParents("dns"))).containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs");
        });
    }

    @Test
    void aSecondTcpRouteOnAListenerIsNotAcceptedThereAndAnHttpRouteIsNotAllowedOnATcpListener() {
        cluster.create(GatewayWorld.BASE + GATEWAY + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: TCPRoute
                metadata: {name: first, creationTimestamp: "2026-01-01T00:00:00Z"}
                spec:
                  parentRefs: [{name: streams, sectionName: db}]
                  rules: [{backendRefs: [{name: db, port: 5432}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TCPRoute
                metadata: {name: second, creationTimestamp: "2026-02-01T00:00:00Z"}
                spec:
                  parentRefs: [{name: streams, sectionName: db}]
                  rules: [{backendRefs: [{name: db, port: 5432}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: web-on-tcp}
                spec:
                  parentRefs: [{name: streams, sectionName: db}]
                  rules: [{backendRefs: [{name: db, port: 5432}]}]
                """);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(conditions(tcpParents("first"))).containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs");
            assertThat(conditions(tcpParents("second")))
                    .containsExactly("Accepted=False/NotAllowedByListeners", "ResolvedRefs=True/ResolvedRefs");
            assertThat(tcpParents("second").get(0).getConditions().get(0).getMessage()).contains("tcproute default/first");
            assertThat(cluster.parentConditions("web-on-tcp"))
                    .containsExactly("Accepted=False/NotAllowedByListeners", "ResolvedRefs=True/ResolvedRefs");
            assertThat(cluster.listenerStatus("streams")).filteredOn(l -> l.getName().equals("db"))
                    .extracting(ListenerStatus::getAttachedRoutes).containsExactly(1);
        });
    }

    @Test
    void backendRefsThatAreMissingOfAnotherKindOrAcrossNamespacesWithoutAGrantAreNotResolvedWithTheirReasons() {
        cluster.create(GatewayWorld.BASE + GATEWAY + """
                apiVersion: v1
                kind: Namespace
                metadata: {name: other}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: far, namespace: other}
                spec:
                  ports: [{name: pg, port: 5432}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TCPRoute
                metadata: {name: across}
                spec:
                  parentRefs: [{name: streams, sectionName: db}]
                  rules: [{backendRefs: [{name: far, namespace: other, port: 5432}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: UDPRoute
                metadata: {name: missing}
                spec:
                  parentRefs: [{name: streams, sectionName: dns}]
                  rules: [{backendRefs: [{name: nowhere, port: 53}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: TCPRoute
                metadata: {name: not-a-service}
                spec:
                  parentRefs: [{name: streams, sectionName: dns-tcp}]
                  rules: [{backendRefs: [{group: example.com, kind: Database, name: db, port: 5432}]}]
                """);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(conditions(tcpParents("across"))).containsExactly("Accepted=True/Accepted", "ResolvedRefs=False/RefNotPermitted");
            assertThat(conditions(udpParents("missing"))).containsExactly("Accepted=True/Accepted", "ResolvedRefs=False/BackendNotFound");
            assertThat(conditions(tcpParents("not-a-service"))).containsExactly("Accepted=True/Accepted", "ResolvedRefs=False/InvalidKind");
        });

        cluster.create("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: ReferenceGrant
                metadata: {name: tcp-from-default, namespace: other}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: TCPRoute, namespace: default}]
                  to: [{group: "", kind: Service}]
                """);
        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(conditions(tcpParents("across")))
                .containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs"));
    }

    private List<RouteParentStatus> tcpParents(String name) {
        TCPRoute read = cluster.kube().resources(TCPRoute.class).inNamespace("default").withName(name).get();
        return read.getStatus() == null || read.getStatus().getParents() == null ? List.of() : read.getStatus().getParents();
    }

    private List<RouteParentStatus> udpParents(String name) {
        UDPRoute read = cluster.kube().resources(UDPRoute.class).inNamespace("default").withName(name).get();
        return read.getStatus() == null || read.getStatus().getParents() == null ? List.of() : read.getStatus().getParents();
    }

    private static List<String> conditions(List<RouteParentStatus> parents) {
        return parents.isEmpty() ? List.of() : StatusCluster.conditions(parents.get(0).getConditions());
    }

    private static List<String> kinds(ListenerStatus listener) {
        return listener.getSupportedKinds() == null ? List.of() : listener.getSupportedKinds().stream().map(k -> k.getKind()).toList();
    }
}
