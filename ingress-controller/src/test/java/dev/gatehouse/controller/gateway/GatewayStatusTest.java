package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.kube.GatewayStatusWriter;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
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
 * The status side of the conformance tests: objects created on fabric8's mock API server (CRUD mode), translated, and
 * their status written by the leader's {@link GatewayStatusWriter}, then read back from the API server.
 */
class GatewayStatusTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T17:00:00Z"), ZoneOffset.UTC);

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
    void gatewayWithAttachedRoutesCountsTheRoutesOfEachListenerAndAcceptsTheClassGatewayAndRoutes() {
        create(GatewayWorld.BASE + """
                apiVersion: v1
                kind: Service
                metadata: {name: infra-backend-v1}
                spec:
                  ports: [{name: http, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-with-two-listeners}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: http, port: 80, protocol: HTTP}
                  - {name: unattached, port: 80, protocol: HTTP, hostname: unattached.example.com}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: http-route-1}
                spec:
                  parentRefs: [{name: gateway-with-two-listeners, sectionName: http}]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: http-route-2}
                spec:
                  parentRefs: [{name: gateway-with-two-listeners, sectionName: http}]
                  hostnames: [two.example.com]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: no-such-section}
                spec:
                  parentRefs: [{name: gateway-with-two-listeners, sectionName: missing}]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                """);

        translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Gateway gateway = kube.resources(Gateway.class).inNamespace("default").withName("gateway-with-two-listeners").get();
            assertThat(gateway.getStatus()).isNotNull();
            assertThat(conditions(gateway.getStatus().getConditions())).containsExactly("Accepted=True/Accepted", "Programmed=True/Programmed");
            assertThat(gateway.getStatus().getListeners()).extracting(ListenerStatus::getName, ListenerStatus::getAttachedRoutes)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("http", 2), org.assertj.core.groups.Tuple.tuple("unattached", 0));
            assertThat(conditions(gateway.getStatus().getListeners().get(0).getConditions()))
                    .containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs", "Programmed=True/Programmed",
                            "Conflicted=False/NoConflicts");
            assertThat(gateway.getStatus().getConditions()).allSatisfy(c -> {
                assertThat(c.getObservedGeneration()).isEqualTo(gateway.getMetadata().getGeneration());
                assertThat(c.getLastTransitionTime()).isEqualTo("2026-12-07T17:00:00Z");
            });
            // the writer goes on to the routes after the Gateways: each is awaited, not only the Gateway
            assertThat(parentConditions("http-route-1")).containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs");
            assertThat(parentConditions("no-such-section"))
                    .containsExactly("Accepted=False/NoMatchingParent", "ResolvedRefs=True/ResolvedRefs");
        });
        GatewayClass gatewayClass = kube.resources(GatewayClass.class).withName("gatehouse").get();
        assertThat(conditions(gatewayClass.getStatus().getConditions()))
                .containsExactly("Accepted=True/Accepted", "SupportedVersion=True/SupportedVersion");
    }

    @Test
    void routeStatusNamesMissingBackendsDroppedRulesAndListenersThatDoNotAllowTheRoute() {
        create(GatewayWorld.BASE + """
                apiVersion: v1
                kind: Service
                metadata: {name: infra-backend-v1}
                spec:
                  ports: [{name: http, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: nonexistent-backend}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules: [{backendRefs: [{name: nonexistent-backend, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: partly-served}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - backendRefs: [{name: infra-backend-v1, port: 8080}]
                    matches: [{path: {type: PathPrefix, value: /v1}}]
                  - backendRefs: [{name: infra-backend-v1, port: 8080}]
                    matches: [{headers: [{name: version, value: two}]}]
                    sessionPersistence: {sessionName: gatehouse, type: Header}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: other-namespace, namespace: gateway-conformance-app-backend}
                spec:
                  parentRefs: [{name: same-namespace, namespace: default}]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: wrong-hostname}
                spec:
                  parentRefs: [{name: hostnamed}]
                  hostnames: [other.example.com]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: hostnamed}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: http, port: 80, protocol: HTTP, hostname: listener.example.com}
                """);

        translateAndWrite();

        // the writer goes through the routes one by one: each is awaited, not only the first
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(parentConditions("nonexistent-backend"))
                    .containsExactly("Accepted=True/Accepted", "ResolvedRefs=False/BackendNotFound");
            assertThat(parentConditions("partly-served"))
                    .containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs", "PartiallyInvalid=True/UnsupportedValue");
            HTTPRoute other = kube.resources(HTTPRoute.class).inNamespace("gateway-conformance-app-backend").withName("other-namespace").get();
            assertThat(other.getStatus()).isNotNull();
            assertThat(other.getStatus().getParents().get(0).getConditions())
                    .extracting(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason())
                    .startsWith("Accepted=False/NotAllowedByListeners");
            assertThat(parentConditions("wrong-hostname")).startsWith("Accepted=False/NoMatchingListenerHostname");
        });
    }

    @Test
    void aRuleWithAnExtensionRefNothingResolvesLeavesTheRouteAcceptedWithItsReferenceUnresolved() {
        create(GatewayWorld.BASE + """
                apiVersion: v1
                kind: Service
                metadata: {name: infra-backend-v1}
                spec:
                  ports: [{name: http, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: extension-ref}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - filters: [{type: ExtensionRef, extensionRef: {group: example.com, kind: MyFilter, name: my-filter}}]
                    backendRefs: [{name: infra-backend-v1, port: 8080}]
                """);

        translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(parentConditions("extension-ref"))
                .containsExactly("Accepted=True/Accepted", "ResolvedRefs=False/InvalidKind"));
    }

    @Test
    void gatewayListenersOfUnsupportedProtocolsPortsOrMissingMalformedOrWrongKindCertificatesAreNotAcceptedOrNotResolved() {
        create(GatewayWorld.BASE.substring(0, GatewayWorld.BASE.indexOf("---")) + """
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: mixed}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - {name: http, port: 80, protocol: HTTP}
                  - {name: sctp, port: 9000, protocol: example.com/sctp}
                  - {name: other-port, port: 81, protocol: HTTP}
                  - name: https
                    port: 443
                    protocol: HTTPS
                    hostname: secure.example.com
                    tls:
                      certificateRefs: [{name: missing-certificate}]
                  - name: malformed
                    port: 443
                    protocol: HTTPS
                    hostname: malformed.example.com
                    tls:
                      certificateRefs: [{name: malformed-certificate}]
                  - name: wrong-kind
                    port: 443
                    protocol: HTTPS
                    hostname: kind.example.com
                    tls:
                      certificateRefs: [{group: wrong.group.company.io, kind: WrongKind, name: missing-certificate}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: malformed-certificate}
                type: kubernetes.io/tls
                data: {tls.crt: bm90IGEgY2VydGlmaWNhdGU=, tls.key: bm90IGEga2V5}
                """);

        translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Gateway gateway = kube.resources(Gateway.class).inNamespace("default").withName("mixed").get();
            assertThat(gateway.getStatus()).isNotNull();
            assertThat(conditions(gateway.getStatus().getConditions()))
                    .containsExactly("Accepted=True/ListenersNotValid", "Programmed=True/Programmed");
            assertThat(gateway.getStatus().getListeners()).extracting(l -> l.getName() + " " + conditions(l.getConditions()))
                    .containsExactly(
                            "http [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs, Programmed=True/Programmed, Conflicted=False/NoConflicts]",
                            "sctp [Accepted=False/UnsupportedProtocol, ResolvedRefs=True/ResolvedRefs, Programmed=False/Invalid, Conflicted=False/NoConflicts]",
                            "other-port [Accepted=False/PortUnavailable, ResolvedRefs=True/ResolvedRefs, Programmed=False/Invalid, Conflicted=False/NoConflicts]",
                            "https [Accepted=True/Accepted, ResolvedRefs=False/InvalidCertificateRef, Programmed=False/Invalid, Conflicted=False/NoConflicts]",
                            "malformed [Accepted=True/Accepted, ResolvedRefs=False/InvalidCertificateRef, Programmed=False/Invalid, Conflicted=False/NoConflicts]",
                            "wrong-kind [Accepted=True/Accepted, ResolvedRefs=False/InvalidCertificateRef, Programmed=False/Invalid, Conflicted=False/NoConflicts]");
        });
    }

    @Test
    void theParentsOfOtherControllersAreKeptAndOursLeaveWhenTheRouteStopsNamingOurGateway() {
        create(GatewayWorld.BASE + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: shared}
                spec:
                  parentRefs: [{name: same-namespace}, {name: theirs}]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                """);
        HTTPRoute withForeign = kube.resources(HTTPRoute.class).inNamespace("default").withName("shared").get();
        kube.resources(HTTPRoute.class).inNamespace("default").resource(new HTTPRouteBuilder(withForeign).withNewStatus()
                .addNewParent().withControllerName("example.com/other").withParentRef(new ParentReference(null, null, "theirs", null,
                        null, null)).withConditions(new ConditionBuilder().withType("Accepted").withStatus("True").withReason("Accepted")
                .withLastTransitionTime("2026-01-01T00:00:00Z").build()).endParent().endStatus().build()).updateStatus();

        translateAndWrite();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(parents("shared"))
                .extracting(RouteParentStatus::getControllerName)
                .containsExactlyInAnyOrder("example.com/other", "gatehouse.dev/gateway-controller"));

        HTTPRoute current = kube.resources(HTTPRoute.class).inNamespace("default").withName("shared").get();
        HTTPRoute moved = kube.resources(HTTPRoute.class).inNamespace("default").resource(new HTTPRouteBuilder(current)
                .editSpec().withParentRefs(new ParentReference(null, null, "theirs", null, null, null)).endSpec().build()).update();
        objects.replaceAll(object -> object instanceof HTTPRoute route && route.getMetadata().getName().equals("shared") ? moved : object);
        translateAndWrite();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(parents("shared"))
                .extracting(RouteParentStatus::getControllerName).containsExactly("example.com/other"));
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
            objects.add(kube.resource(object).create());
        }
    }

    private void translateAndWrite() {
        writer.desired(new IngressTranslator(TranslatorSettings.defaults()).translate(ClusterView.of(objects)).gateway());
    }

    private List<RouteParentStatus> parents(String route) {
        HTTPRoute read = kube.resources(HTTPRoute.class).inNamespace("default").withName(route).get();
        return read.getStatus() == null ? List.of() : read.getStatus().getParents();
    }

    private List<String> parentConditions(String route) {
        List<RouteParentStatus> parents = parents(route);
        return parents.isEmpty() ? List.of() : conditions(parents.get(0).getConditions());
    }

    private static List<String> conditions(List<Condition> conditions) {
        return conditions.stream().map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason()).toList();
    }
}
