package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.RoutingWorld;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ListenerSets: listeners a Gateway lets other objects add, routes attached to them by parentRefs of kind ListenerSet,
 * through the real proxy, and their status on the mock API server.
 */
class GatewayListenerSetTest {

    private static final String GATEWAYS = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: open}
            spec:
              gatewayClassName: gatehouse
              allowedListeners: {namespaces: {from: Same}}
              listeners:
              - {name: own, port: 80, protocol: HTTP, hostname: own.example.com}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: closed}
            spec:
              gatewayClassName: gatehouse
              listeners:
              - {name: own, port: 80, protocol: HTTP, hostname: closed.example.com}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: ListenerSet
            metadata: {name: extra}
            spec:
              parentRef: {name: open}
              listeners:
              - {name: extra, port: 80, protocol: HTTP, hostname: extra.example.com}
              - {name: clashing, port: 80, protocol: HTTP, hostname: own.example.com}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: ListenerSet
            metadata: {name: refused}
            spec:
              parentRef: {name: closed}
              listeners:
              - {name: refused, port: 80, protocol: HTTP, hostname: refused.example.com}
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: on-the-gateway}
            spec:
              parentRefs: [{name: open}]
              rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: on-the-set}
            spec:
              parentRefs: [{group: gateway.networking.k8s.io, kind: ListenerSet, name: extra, sectionName: extra}]
              rules: [{backendRefs: [{name: infra-backend-v2, port: 8080}]}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: on-the-refused-set}
            spec:
              parentRefs: [{group: gateway.networking.k8s.io, kind: ListenerSet, name: refused}]
              rules: [{backendRefs: [{name: infra-backend-v3, port: 8080}]}]
            ---
            """;

    @TempDir
    Path directory;

    private StatusCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aRouteAttachedToAListenerSetServesItsListenersHostAndARefusedSetServesNothing() {
        try (RoutingWorld world = GatewayWorld.start(directory, GATEWAYS)) {
            assertThat(world.answeredBy("own.example.com", "/")).isEqualTo("infra-backend-v1");
            assertThat(world.answeredBy("extra.example.com", "/")).isEqualTo("infra-backend-v2");
            assertThat(world.answeredBy("refused.example.com", "/")).isEqualTo("status 404");
        }
    }

    @Test
    void aListenerSetIsAcceptedWhereItsGatewayAllowsItAndItsListenerClashingWithTheGatewaysIsConflicted() {
        cluster = new StatusCluster();
        cluster.create(GatewayWorld.BASE + GATEWAYS);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cluster.listenerSet("extra")).containsExactly(
                    "[Accepted=True/ListenersNotValid, Programmed=True/Programmed]",
                    "extra (attachedRoutes 1) [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs, Programmed=True/Programmed, "
                            + "Conflicted=False/NoConflicts]",
                    "clashing (attachedRoutes 0) [Accepted=False/Invalid, ResolvedRefs=True/ResolvedRefs, Programmed=False/Invalid, "
                            + "Conflicted=True/HostnameConflict]");
            assertThat(cluster.listenerSet("refused")).containsExactly("[Accepted=False/NotAllowed, Programmed=False/NotAllowed]");
            assertThat(cluster.gateway("open").getStatus().getAttachedListenerSets()).isEqualTo(1);
            assertThat(cluster.gateway("closed").getStatus().getAttachedListenerSets()).isZero();
            assertThat(cluster.parentConditions("on-the-set")).contains("Accepted=True/Accepted");
            assertThat(cluster.parentConditions("on-the-refused-set")).contains("Accepted=False/NoMatchingParent");
        });
        assertThat(cluster.listeners("open")).containsExactly(
                "own [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs, Programmed=True/Programmed, Conflicted=False/NoConflicts]");
    }
}
