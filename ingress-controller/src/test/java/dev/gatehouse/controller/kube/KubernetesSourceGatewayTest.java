package dev.gatehouse.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.view.GatewayCrds;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicyBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrantBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Gateway API kinds the informers hold where the API server serves them, as their CRDs declare. */
class KubernetesSourceGatewayTest {

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private final KubernetesClient client = cluster.newClient();

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    @Test
    void referenceGrantsAreWatchedAsV1beta1WhereTheCrdsServeNoV1AndTheCrdsVersionsAreRead() {
        crd("gatewayclasses", "GatewayClass", "Cluster", "v1");
        crd("gateways", "Gateway", "Namespaced", "v1");
        crd("httproutes", "HTTPRoute", "Namespaced", "v1");
        crd("referencegrants", "ReferenceGrant", "Namespaced", "v1beta1");
        kube.resource(new ReferenceGrantBuilder().withNewMetadata().withName("grant").withNamespace("web").endMetadata()
                .withNewSpec().addNewFrom().withGroup("gateway.networking.k8s.io").withKind("HTTPRoute").withNamespace("default").endFrom()
                .addNewTo().withGroup("").withKind("Service").endTo().endSpec().build()).create();

        try (KubernetesSource source = KubernetesSource.create(client, Set.of(), () -> { })) {
            source.start().join();
            await().atMost(Duration.ofSeconds(5)).until(source::isWatching);

            assertThat(source.view().gateway().referenceGrants()).singleElement().satisfies(grant -> {
                assertThat(grant.getMetadata().getName()).isEqualTo("grant");
                assertThat(grant.getSpec().getTo().get(0).getKind()).isEqualTo("Service");
            });
            assertThat(source.view().gateway().crds()).isEqualTo(new GatewayCrds(GatewayCrds.State.READ, Map.of(
                    "gatewayclasses.gateway.networking.k8s.io", "v1.4.0", "gateways.gateway.networking.k8s.io", "v1.4.0",
                    "httproutes.gateway.networking.k8s.io", "v1.4.0", "referencegrants.gateway.networking.k8s.io", "v1.4.0")));
        }
    }

    @Test
    void backendTlsPoliciesAreWatchedAndTheConfigMapsOfTheirCasByNameOnly() {
        crd("gatewayclasses", "GatewayClass", "Cluster", "v1");
        crd("gateways", "Gateway", "Namespaced", "v1");
        crd("httproutes", "HTTPRoute", "Namespaced", "v1");
        crd("referencegrants", "ReferenceGrant", "Namespaced", "v1");
        crd("backendtlspolicies", "BackendTLSPolicy", "Namespaced", "v1");
        kube.resource(new BackendTLSPolicyBuilder().withNewMetadata().withName("policy").withNamespace("apps").endMetadata()
                .withNewSpec().addNewTargetRef().withGroup("").withKind("Service").withName("backend").endTargetRef()
                .withNewValidation().addNewCaCertificateRef().withGroup("").withKind("ConfigMap").withName("backend-ca").endCaCertificateRef()
                .withHostname("backend.internal").endValidation().endSpec().build()).create();
        kube.configMaps().inNamespace("apps").resource(new ConfigMapBuilder().withNewMetadata().withName("backend-ca").endMetadata()
                .addToData("ca.crt", "PEM").build()).create();
        kube.configMaps().inNamespace("apps").resource(new ConfigMapBuilder().withNewMetadata().withName("unrelated").endMetadata()
                .addToData("key", "value").build()).create();

        try (KubernetesSource source = KubernetesSource.create(client, Set.of(), () -> { })) {
            source.start().join();
            await().atMost(Duration.ofSeconds(10)).until(source::hasSynced);

            assertThat(source.view().gateway().backendTlsPolicies()).extracting(policy -> policy.getMetadata().getName())
                    .containsExactly("policy");
            assertThat(source.view().configMaps()).extracting(map -> map.getMetadata().getName()).containsExactly("backend-ca");
        }
    }

    @Test
    void tcpRoutesAreWatchedWhereTheirCrdServesV1AndUdpRoutesAreNotWhereTheirsIsMissing() {
        crd("gatewayclasses", "GatewayClass", "Cluster", "v1");
        crd("gateways", "Gateway", "Namespaced", "v1");
        crd("httproutes", "HTTPRoute", "Namespaced", "v1");
        crd("referencegrants", "ReferenceGrant", "Namespaced", "v1");
        crd("tcproutes", "TCPRoute", "Namespaced", "v1");
        kube.resource(new TCPRouteBuilder().withNewMetadata().withName("db").withNamespace("default").endMetadata()
                .withNewSpec().addNewParentRef().withName("streams").endParentRef().endSpec().build()).create();
        kube.resource(new UDPRouteBuilder().withNewMetadata().withName("dns").withNamespace("default").endMetadata()
                .withNewSpec().addNewParentRef().withName("streams").endParentRef().endSpec().build()).create();

        try (KubernetesSource source = KubernetesSource.create(client, Set.of(), () -> { })) {
            source.start().join();
            await().atMost(Duration.ofSeconds(5)).until(source::isWatching);

            assertThat(source.view().gateway().tcpRoutes()).extracting(route -> route.getMetadata().getName()).containsExactly("db");
            assertThat(source.view().gateway().udpRoutes()).isEmpty();
        }
    }

    private void crd(String plural, String kind, String scope, String version) {
        kube.resource(new CustomResourceDefinitionBuilder().withNewMetadata().withName(plural + ".gateway.networking.k8s.io")
                .addToAnnotations(GatewayApiCrds.BUNDLE_VERSION, "v1.4.0").endMetadata()
                .withNewSpec().withGroup("gateway.networking.k8s.io").withScope(scope)
                .withNewNames().withPlural(plural).withKind(kind).endNames()
                .addNewVersion().withName(version).withServed(true).withStorage(true).endVersion().endSpec().build()).create();
    }
}
