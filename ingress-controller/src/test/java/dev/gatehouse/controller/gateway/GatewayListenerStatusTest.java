package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.view.GatewayCrds;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayStatusAddress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngressBuilder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status of GatewayClasses and Gateways beyond their listeners' references: listener conflicts, the class's
 * SupportedVersion, the Gateway's addresses, and observedGeneration following spec changes (GatewayObservedGenerationBump,
 * GatewayClassObservedGenerationBump).
 */
class GatewayListenerStatusTest {

    private static final List<IngressLoadBalancerIngress> PUBLISHED = List.of(
            new IngressLoadBalancerIngressBuilder().withIp("198.51.100.7").build(),
            new IngressLoadBalancerIngressBuilder().withHostname("lb.example.net").build());

    private final StatusCluster cluster = new StatusCluster(() -> PUBLISHED);

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void listenersThatAreNotDistinctAreAllConflictedAndNotServedWhileTheGatewayKeepsItsDistinctOnes() {
        String pem = Base64.getEncoder().encodeToString("not checked here".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        cluster.create(GatewayWorld.BASE + """
                apiVersion: v1
                kind: Secret
                metadata: {name: certificate}
                type: kubernetes.io/tls
                data: {tls.crt: %1$s, tls.key: %1$s}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: conflicts}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: distinct, port: 80, protocol: HTTP, hostname: a.example.com}
                  - {name: same-host-1, port: 80, protocol: HTTP, hostname: dup.example.com}
                  - {name: same-host-2, port: 80, protocol: HTTP, hostname: dup.example.com}
                  - {name: mixed-http, port: 443, protocol: HTTP}
                  - name: mixed-https
                    port: 443
                    protocol: HTTPS
                    tls: {certificateRefs: [{name: certificate}]}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: to-a-conflicted-listener}
                spec:
                  parentRefs: [{name: conflicts, sectionName: same-host-1}]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                """.formatted(pem));

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cluster.listeners("conflicts")).containsExactly(
                    "distinct [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs, Programmed=True/Programmed, Conflicted=False/NoConflicts]",
                    "same-host-1 [Accepted=False/Invalid, ResolvedRefs=True/ResolvedRefs, Programmed=False/Invalid, "
                            + "Conflicted=True/HostnameConflict]",
                    "same-host-2 [Accepted=False/Invalid, ResolvedRefs=True/ResolvedRefs, Programmed=False/Invalid, "
                            + "Conflicted=True/HostnameConflict]",
                    "mixed-http [Accepted=False/PortUnavailable, ResolvedRefs=True/ResolvedRefs, Programmed=False/Invalid, "
                            + "Conflicted=True/ProtocolConflict]",
                    "mixed-https [Accepted=False/Invalid, ResolvedRefs=True/ResolvedRefs, Programmed=False/Invalid, "
                            + "Conflicted=True/ProtocolConflict]");
            Gateway gateway = cluster.gateway("conflicts");
            assertThat(StatusCluster.conditions(gateway.getStatus().getConditions()))
                    .containsExactly("Accepted=True/ListenersNotValid", "Programmed=True/Programmed");
            assertThat(gateway.getStatus().getConditions().get(0).getMessage())
                    .isEqualTo("listener(s) [same-host-1, same-host-2, mixed-http, mixed-https] are not served, listener(s) [distinct] are");
            assertThat(cluster.parentConditions("to-a-conflicted-listener")).startsWith("Accepted=False/NotAllowedByListeners");
        });
        assertThat(cluster.listenerStatus("conflicts")).allSatisfy(listener -> assertThat(listener.getAttachedRoutes()).isZero());
    }

    @Test
    void theGatewayClassSupportsTheVersionOfCrdsOfAKnownReleaseAndIsServedOnABestEffortBasisOtherwise() {
        cluster.create(GatewayWorld.BASE);
        cluster.crds(new GatewayCrds(GatewayCrds.State.READ, Map.of("gateways.gateway.networking.k8s.io", "v1.6.0",
                "httproutes.gateway.networking.k8s.io", "v1.2.1")));
        cluster.translateAndWrite();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(classConditions())
                .containsExactly("Accepted=True/Accepted", "SupportedVersion=True/SupportedVersion"));

        cluster.crds(new GatewayCrds(GatewayCrds.State.READ, Map.of("gateways.gateway.networking.k8s.io", "v1.7.0",
                "httproutes.gateway.networking.k8s.io", "")));
        cluster.translateAndWrite();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(classConditions())
                .containsExactly("Accepted=True/Accepted", "SupportedVersion=False/UnsupportedVersion"));
        assertThat(cluster.gatewayClass("gatehouse").getStatus().getConditions().get(1).getMessage()).isEqualTo(
                "gateways.gateway.networking.k8s.io is v1.7.0; httproutes.gateway.networking.k8s.io has no bundle-version annotation"
                        + " (expected v1.0 to v1.6; served on a best-effort basis)");

        cluster.crds(GatewayCrds.UNREADABLE);
        cluster.translateAndWrite();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(classConditions())
                .containsExactly("Accepted=True/Accepted", "SupportedVersion=False/UnsupportedVersion"));
    }

    @Test
    void everyGatewayIsAtThePublishedAddressesOfTheGatehouseService() {
        cluster.create(GatewayWorld.BASE);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.gateway("same-namespace").getStatus())
                .isNotNull().satisfies(status -> assertThat(status.getAddresses()).containsExactly(
                        new GatewayStatusAddress("IPAddress", "198.51.100.7"), new GatewayStatusAddress("Hostname", "lb.example.net"))));
    }

    @Test
    void gatewayAndGatewayClassObservedGenerationBumpWithEachSpecChange() {
        cluster.create(GatewayWorld.BASE);
        cluster.translateAndWrite();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.gateway("same-namespace").getStatus()).isNotNull());
        Gateway original = cluster.gateway("same-namespace");
        GatewayClass originalClass = cluster.gatewayClass("gatehouse");

        Gateway mutated = cluster.replace(new GatewayBuilder(original).editSpec().addNewListener().withName("alternate")
                .withHostname("foo.com").withPort(80).withProtocol("HTTP").withNewAllowedRoutes().withNewNamespaces().withFrom("All")
                .endNamespaces().endAllowedRoutes().endListener().endSpec().build());
        GatewayClass mutatedClass = cluster.replace(new GatewayClassBuilder(originalClass).editSpec()
                .withDescription("the observedGeneration bump").endSpec().build());
        assertThat(mutated.getMetadata().getGeneration()).isGreaterThan(original.getMetadata().getGeneration());
        assertThat(mutatedClass.getMetadata().getGeneration()).isGreaterThan(originalClass.getMetadata().getGeneration());
        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Gateway gateway = cluster.gateway("same-namespace");
            assertThat(gateway.getStatus().getConditions()).isNotEmpty().allSatisfy(condition ->
                    assertThat(condition.getObservedGeneration()).isEqualTo(mutated.getMetadata().getGeneration()));
            assertThat(gateway.getStatus().getListeners()).hasSize(2).allSatisfy(listener -> assertThat(listener.getConditions())
                    .allSatisfy(condition -> assertThat(condition.getObservedGeneration()).isEqualTo(mutated.getMetadata().getGeneration())));
            assertThat(cluster.gatewayClass("gatehouse").getStatus().getConditions()).isNotEmpty().allSatisfy(condition ->
                    assertThat(condition.getObservedGeneration()).isEqualTo(mutatedClass.getMetadata().getGeneration()));
        });
    }

    @Test
    void aStatusComputedFromAnOlderGenerationIsNotWrittenOverTheNewerSpec() {
        cluster.create(GatewayWorld.BASE + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: route}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                """);
        Gateway original = cluster.gateway("same-namespace");
        // the spec changes on the server while the view (the informers' cache) still holds the first generation
        Gateway newer = cluster.kube().resource(new GatewayBuilder(original).editSpec().editFirstListener().withHostname("new.example.com")
                .endListener().endSpec().build()).update();
        assertThat(newer.getMetadata().getGeneration()).isGreaterThan(original.getMetadata().getGeneration());

        cluster.translateAndWrite();

        // the writer goes to the routes after the Gateways: once the route's status is there, the Gateway was passed over
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.parentConditions("route")).isNotEmpty());
        assertThat(cluster.gateway("same-namespace").getStatus()).satisfiesAnyOf(
                status -> assertThat(status).isNull(),
                status -> assertThat(status.getConditions()).isNullOrEmpty());
    }

    @Test
    void gatewayPreserveForeignConditionsKeepsTheConditionsOfTypesItDoesNotSetAsTheyAre() {
        cluster.create(GatewayWorld.BASE);
        cluster.translateAndWrite();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.listenerStatus("same-namespace")).hasSize(1));
        Gateway written = cluster.gateway("same-namespace");
        Condition foreign = new ConditionBuilder().withType("example.com/Seeded").withStatus("True").withReason("Seeded")
                .withMessage("set by someone else").withObservedGeneration(written.getMetadata().getGeneration())
                .withLastTransitionTime("2026-01-01T00:00:00Z").build();
        Gateway seeded = new GatewayBuilder(written).editStatus().addToConditions(foreign).editFirstListener().addToConditions(foreign)
                .endListener().endStatus().build();
        cluster.kube().resource(seeded).updateStatus();
        Gateway bumped = cluster.replace(new GatewayBuilder(cluster.gateway("same-namespace")).editSpec().editFirstListener()
                .withHostname("second.example.com").endListener().endSpec().build());

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Gateway gateway = cluster.gateway("same-namespace");
            assertThat(gateway.getStatus().getConditions()).filteredOn(c -> !c.getType().equals(foreign.getType())).isNotEmpty()
                    .allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(bumped.getMetadata().getGeneration()));
            assertThat(gateway.getStatus().getConditions()).filteredOn(c -> c.getType().equals(foreign.getType())).containsExactly(foreign);
            assertThat(gateway.getStatus().getListeners().get(0).getConditions()).filteredOn(c -> c.getType().equals(foreign.getType()))
                    .containsExactly(foreign);
            assertThat(StatusCluster.conditions(gateway.getStatus().getListeners().get(0).getConditions())).containsExactly(
                    "Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs", "Programmed=True/Programmed",
                    "Conflicted=False/NoConflicts", "example.com/Seeded=True/Seeded");
        });
    }

    private List<String> classConditions() {
        GatewayClass gatewayClass = cluster.gatewayClass("gatehouse");
        return gatewayClass.getStatus() == null ? List.of() : StatusCluster.conditions(gatewayClass.getStatus().getConditions());
    }
}
