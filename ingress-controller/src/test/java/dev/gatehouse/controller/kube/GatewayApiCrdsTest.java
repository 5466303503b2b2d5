package dev.gatehouse.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.view.GatewayCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bundle versions of the Gateway API CRDs, read by name from the API server. */
class GatewayApiCrdsTest {

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void eachCrdReadGivesItsBundleVersionOrNoneWhenItHasNoAnnotationAndAMissingCrdIsLeftOut() {
        crd("gatewayclasses", "v1.6.0");
        crd("httproutes", null);

        GatewayCrds crds = GatewayApiCrds.read(kube, List.of("gatewayclasses", "httproutes", "referencegrants"));

        assertThat(crds.state()).isEqualTo(GatewayCrds.State.READ);
        assertThat(crds.bundleVersions()).isEqualTo(Map.of("gatewayclasses.gateway.networking.k8s.io", "v1.6.0",
                "httproutes.gateway.networking.k8s.io", ""));
    }

    @Test
    void crdsTheApiServerRefusesAreUnreadable() {
        crd("gatewayclasses", "v1.6.0");
        cluster.refuse("customresourcedefinitions");

        assertThat(GatewayApiCrds.read(cluster.newClient(), List.of("gatewayclasses"))).isEqualTo(GatewayCrds.UNREADABLE);
    }

    private void crd(String plural, String bundleVersion) {
        CustomResourceDefinitionBuilder crd = new CustomResourceDefinitionBuilder().withNewMetadata()
                .withName(plural + ".gateway.networking.k8s.io").endMetadata()
                .withNewSpec().withGroup("gateway.networking.k8s.io").withScope("Namespaced")
                .withNewNames().withPlural(plural).withKind(plural).endNames().endSpec();
        if (bundleVersion != null) {
            crd.editMetadata().addToAnnotations(GatewayApiCrds.BUNDLE_VERSION, bundleVersion).endMetadata();
        }
        kube.resource(crd.build()).create();
    }
}
