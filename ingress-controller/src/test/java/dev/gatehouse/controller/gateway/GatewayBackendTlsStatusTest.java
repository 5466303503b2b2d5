package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.tls.testing.TestCertificates;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The status of BackendTLSPolicies, written by the leader on the mock API server: one ancestor entry per Gateway whose
 * routes use a targeted Service port, Accepted and ResolvedRefs with the specification's reasons (conformance tests
 * BackendTLSPolicy, BackendTLSPolicyInvalidCACertificateRef, BackendTLSPolicyConflictResolution).
 */
class GatewayBackendTlsStatusTest {

    private static final String BACKEND = """
            apiVersion: v1
            kind: Service
            metadata: {name: tls-backend}
            spec:
              ports: [{name: https, port: 443}, {name: other, port: 8443}]
            ---
            apiVersion: gateway.networking.k8s.io/v1
            kind: HTTPRoute
            metadata: {name: to-tls-backend}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{name: tls-backend, port: 443}]}]
            ---
            """;

    private final StatusCluster cluster = new StatusCluster();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aPolicyWithAUsableCaIsAcceptedWithItsReferencesResolvedForTheGatewayOfTheRoute() {
        cluster.create(GatewayWorld.BASE + BACKEND + caMap("backend-ca") + policy("valid", "https", "backend-ca"));

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.policyAncestors("valid"))
                .containsExactly("default/same-namespace [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs]"));
    }

    @Test
    void backendTlsPolicyInvalidCaCertificateRefIsNotAcceptedWithNoValidCaCertificate() {
        cluster.create(GatewayWorld.BASE + BACKEND + policy("missing", "https", "not-there"));

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.policyAncestors("missing"))
                .containsExactly("default/same-namespace [Accepted=False/NoValidCACertificate, ResolvedRefs=False/InvalidCACertificateRef]"));
        assertThat(cluster.parentConditions("to-tls-backend")).contains("Accepted=True/Accepted");
    }

    @Test
    void aCaReferenceOfAnotherKindIsInvalidKindAndTheUsableOneStillApplies() {
        cluster.create(GatewayWorld.BASE + BACKEND + caMap("backend-ca") + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: BackendTLSPolicy
                metadata: {name: mixed}
                spec:
                  targetRefs: [{group: "", kind: Service, name: tls-backend}]
                  validation:
                    caCertificateRefs: [{group: "", kind: Secret, name: backend-ca}, {group: "", kind: ConfigMap, name: backend-ca}]
                    hostname: backend.internal
                """);

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.policyAncestors("mixed"))
                .containsExactly("default/same-namespace [Accepted=True/Accepted, ResolvedRefs=False/InvalidKind]"));
    }

    @Test
    void backendTlsPolicyConflictResolutionKeepsTheOlderPolicyAndReportsTheNewerAsConflicted() {
        // translated without the mock API server, which stamps its own creation times: by name alone "newer" would
        // come first, so only the creation times make "older" win
        List<HasMetadata> objects = new ArrayList<>();
        KubernetesSerialization yaml = new KubernetesSerialization();
        for (String document : (GatewayWorld.BASE + BACKEND + caMap("backend-ca")
                + policy("older", "https", "backend-ca").replace("{name: older}", "{name: older, creationTimestamp: \"2026-01-01T00:00:00Z\"}")
                + policy("newer", "https", "backend-ca").replace("{name: newer}", "{name: newer, creationTimestamp: \"2026-06-01T00:00:00Z\"}"))
                .split("(?m)^---$")) {
            if (!document.isBlank()) {
                HasMetadata object = yaml.unmarshal(document);
                if (object instanceof Namespaced && object.getMetadata().getNamespace() == null) {
                    object.getMetadata().setNamespace("default");
                }
                objects.add(object);
            }
        }

        List<String> lines = new IngressTranslator(TranslatorSettings.defaults()).translate(ClusterView.of(objects)).gateway().lines();

        assertThat(lines.stream().filter(line -> line.startsWith("backendtlspolicy")).map(line -> line.substring(0, line.indexOf(')') + 1)))
                .containsExactly(
                        "backendtlspolicy default/newer ancestor default/same-namespace: Accepted=False (Conflicted)",
                        "backendtlspolicy default/newer ancestor default/same-namespace: ResolvedRefs=True (ResolvedRefs)",
                        "backendtlspolicy default/older ancestor default/same-namespace: Accepted=True (Accepted)",
                        "backendtlspolicy default/older ancestor default/same-namespace: ResolvedRefs=True (ResolvedRefs)");
    }

    @Test
    void aPolicyNamingThePortWinsOverOneNamingTheWholeServiceWithoutAConflict() {
        cluster.create(GatewayWorld.BASE + BACKEND + caMap("backend-ca") + policy("whole-service", null, "backend-ca")
                + policy("port", "https", "backend-ca"));

        cluster.translateAndWrite();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.policyAncestors("port"))
                .containsExactly("default/same-namespace [Accepted=True/Accepted, ResolvedRefs=True/ResolvedRefs]"));
        assertThat(cluster.policyAncestors("whole-service")).isEmpty();
    }

    private static String caMap(String name) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: %s}
                data:
                  ca.crt: |
                %s
                ---
                """.formatted(name, TestCertificates.pem(TestCertificates.ca("Backend CA").certificate()).lines()
                .map(line -> "    " + line).collect(Collectors.joining("\n")));
    }

    private static String policy(String name, String sectionName, String configMap) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: BackendTLSPolicy
                metadata: {name: %s}
                spec:
                  targetRefs: [{group: "", kind: Service, name: tls-backend%s}]
                  validation:
                    caCertificateRefs: [{group: "", kind: ConfigMap, name: %s}]
                    hostname: backend.internal
                ---
                """.formatted(name, sectionName == null ? "" : ", sectionName: " + sectionName, configMap);
    }
}
