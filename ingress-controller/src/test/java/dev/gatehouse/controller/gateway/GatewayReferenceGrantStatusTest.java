package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.tls.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerStatus;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteGroupKind;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status side of the conformance tests about ReferenceGrants: a Gateway's certificateRefs to Secrets of another
 * namespace (GatewaySecret*ReferenceGrant*) and an HTTPRoute's backendRefs to Services of another namespace
 * (HTTPRoutePartiallyInvalidViaInvalidReferenceGrant). Namespace {@code default} stands for
 * {@code gateway-conformance-infra}; the suite's grants are v1beta1 (formerly v1alpha2), some here are v1.
 */
class GatewayReferenceGrantStatusTest {

    private static final String HTTPS_GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: gateway-secret-reference-grant}
            spec:
              gatewayClassName: gatehouse
              listeners:
              - name: https
                port: 443
                protocol: HTTPS
                allowedRoutes: {namespaces: {from: All}}
                tls:
                  certificateRefs: [{group: "", kind: Secret, name: certificate, namespace: gateway-conformance-web-backend}]
            ---
            """;

    private final StatusCluster cluster = new StatusCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void gatewaySecretReferenceGrantAllInNamespaceResolvesAndProgramsTheListener() {
        cluster.create(GatewayWorld.BASE + certificate("certificate") + HTTPS_GATEWAY + """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: reference-grant-all-in-namespace, namespace: gateway-conformance-web-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: default}]
                  to: [{group: "", kind: Secret}]
                """);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.listeners("gateway-secret-reference-grant"))
                .containsExactly("https [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs, Programmed=True/Programmed, Conflicted=False/NoConflicts]"));
        assertThat(cluster.listenerStatus("gateway-secret-reference-grant")).extracting(ListenerStatus::getSupportedKinds)
                .containsExactly(java.util.List.of(new RouteGroupKind("gateway.networking.k8s.io", "HTTPRoute"),
                        new RouteGroupKind("gateway.networking.k8s.io", "GRPCRoute")));
    }

    @Test
    void gatewaySecretReferenceGrantSpecificResolvesTheListenerWithAGrantNamingTheSecret() {
        cluster.create(GatewayWorld.BASE + certificate("certificate") + HTTPS_GATEWAY + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: ReferenceGrant
                metadata: {name: reference-grant-specific, namespace: gateway-conformance-web-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: Gateway, namespace: default}]
                  to: [{group: "", kind: Secret, name: certificate}]
                """);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.listeners("gateway-secret-reference-grant"))
                .containsExactly("https [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs, Programmed=True/Programmed, Conflicted=False/NoConflicts]"));
    }

    @Test
    void gatewaySecretMissingReferenceGrantRefusesTheSecretWhetherOrNotItExists() {
        cluster.create(GatewayWorld.BASE + certificate("certificate") + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gateway-secret-missing-reference-grant}
                spec:
                  gatewayClassName: gatehouse
                  listeners:
                  - name: https
                    port: 443
                    protocol: HTTPS
                    allowedRoutes: {namespaces: {from: All}}
                    tls:
                      certificateRefs: [{group: "", kind: Secret, name: certificate, namespace: gateway-conformance-web-backend}]
                  - name: https-nonexistent-secret
                    port: 443
                    protocol: HTTPS
                    hostname: nonexistent.example.com
                    allowedRoutes: {namespaces: {from: All}}
                    tls:
                      certificateRefs: [{group: "", kind: Secret, name: nonexistent-certificate,
                                         namespace: gateway-conformance-web-backend}]
                """);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.listeners("gateway-secret-missing-reference-grant"))
                .containsExactly(
                        "https [Accepted=True/Accepted, ResolvedRefs=False/RefNotPermitted, Programmed=False/Invalid, Conflicted=False/NoConflicts]",
                        "https-nonexistent-secret [Accepted=True/Accepted, ResolvedRefs=False/RefNotPermitted, Programmed=False/Invalid, Conflicted=False/NoConflicts]"));
        assertThat(cluster.listenerStatus("gateway-secret-missing-reference-grant")).extracting(ListenerStatus::getAttachedRoutes)
                .containsExactly(0, 0);
    }

    @Test
    void gatewaySecretInvalidReferenceGrantRefusesTheSecretWhenNoGrantMatchesAllOfFromAndTo() {
        String grant = """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: %s, namespace: %s}
                spec:
                  from: [{group: %s, kind: %s, namespace: %s}]
                  to: [{group: "%s", kind: %s, name: %s}]
                ---
                """;
        cluster.create(GatewayWorld.BASE + certificate("certificate") + HTTPS_GATEWAY
                + grant.formatted("wrong-namespace", "gateway-conformance-app-backend", "gateway.networking.k8s.io", "Gateway", "default",
                        "", "Secret", "certificate")
                + grant.formatted("wrong-from-group", "gateway-conformance-web-backend", "not-the-group", "Gateway", "default",
                        "", "Secret", "certificate")
                + grant.formatted("wrong-from-kind", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "HTTPRoute", "default",
                        "", "Secret", "certificate")
                + grant.formatted("wrong-from-namespace", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "Gateway",
                        "not-the-namespace", "", "Secret", "certificate")
                + grant.formatted("wrong-to-group", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "Gateway", "default",
                        "not-the-group", "Secret", "certificate")
                + grant.formatted("wrong-to-kind", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "Gateway", "default",
                        "", "Service", "certificate")
                + grant.formatted("wrong-to-name", "gateway-conformance-web-backend", "gateway.networking.k8s.io", "Gateway", "default",
                        "", "Secret", "not-the-certificate"));

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.listeners("gateway-secret-reference-grant"))
                .containsExactly("https [Accepted=True/Accepted, ResolvedRefs=False/RefNotPermitted, Programmed=False/Invalid, Conflicted=False/NoConflicts]"));
    }

    @Test
    void httproutePartiallyInvalidViaInvalidReferenceGrantIsAcceptedWithRefNotPermittedAndLosesItsBackendWithTheGrant() {
        cluster.create(GatewayWorld.BASE + """
                apiVersion: v1
                kind: Service
                metadata: {name: app-backend-v1, namespace: gateway-conformance-app-backend}
                spec:
                  ports: [{name: http, port: 8080}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: app-backend-v2, namespace: gateway-conformance-app-backend}
                spec:
                  ports: [{name: http, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: reference-grant, namespace: gateway-conformance-app-backend}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
                  to: [{group: "", kind: Service, name: app-backend-v1}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: invalid-reference-grant}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - matches: [{path: {type: PathPrefix, value: /v2}}]
                    backendRefs: [{name: app-backend-v2, namespace: gateway-conformance-app-backend, port: 8080}]
                  - backendRefs: [{name: app-backend-v1, namespace: gateway-conformance-app-backend, port: 8080}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: granted}
                spec:
                  parentRefs: [{name: same-namespace}]
                  rules:
                  - backendRefs: [{name: app-backend-v1, namespace: gateway-conformance-app-backend, port: 8080}]
                """);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cluster.parentConditions("invalid-reference-grant"))
                    .containsExactly("Accepted=True/Accepted", "ResolvedRefs=False/RefNotPermitted");
            assertThat(cluster.parentConditions("granted")).containsExactly("Accepted=True/Accepted", "ResolvedRefs=True/ResolvedRefs");
        });

        cluster.delete(cluster.kube().resources(io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant.class)
                .inNamespace("gateway-conformance-app-backend").withName("reference-grant").get());
        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.parentConditions("granted"))
                .containsExactly("Accepted=True/Accepted", "ResolvedRefs=False/RefNotPermitted"));
    }

    /** A TLS Secret {@code name} in gateway-conformance-web-backend; the listener checks only that it holds a key pair. */
    private static String certificate(String name) {
        TestCertificates.Issued issued = TestCertificates.issue(TestCertificates.ca("Gateway CA"), TestCertificates.KeyType.EC,
                "secure.example.com");
        Base64.Encoder base64 = Base64.getEncoder();
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: %s, namespace: gateway-conformance-web-backend}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                ---
                """.formatted(name, base64.encodeToString(issued.certificatePem().getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                base64.encodeToString(issued.pkcs8().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }
}
