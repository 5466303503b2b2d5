package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.view.GatewayCrds;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, once at start, the {@code gateway.networking.k8s.io/bundle-version} annotation of the CRDs of the Gateway API
 * kinds Gatehouse watches, by name (a few small reads rather than a list of every CRD with its schema). Like the kinds
 * themselves, CRDs upgraded later are seen after a restart.
 */
final class GatewayApiCrds {

    static final String BUNDLE_VERSION = "gateway.networking.k8s.io/bundle-version";
    private static final Logger log = LoggerFactory.getLogger(GatewayApiCrds.class);

    private GatewayApiCrds() {
    }

    /** @param plurals the resources read, e.g. {@code httproutes} */
    static GatewayCrds read(KubernetesClient client, List<String> plurals) {
        Map<String, String> versions = new LinkedHashMap<>();
        try {
            for (String plural : plurals) {
                String name = plural + ".gateway.networking.k8s.io";
                CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
                if (crd != null) {
                    Map<String, String> annotations = crd.getMetadata().getAnnotations();
                    versions.put(name, annotations == null ? "" : annotations.getOrDefault(BUNDLE_VERSION, ""));
                }
            }
        } catch (KubernetesClientException e) {
            log.warn("reading the Gateway API CRDs' bundle versions failed (GatewayClasses get SupportedVersion=False): {}",
                    KubeCauses.describe(e, KubeCauses.apiServer(client)));
            return GatewayCrds.UNREADABLE;
        }
        log.info("Gateway API CRD bundle versions: {}", versions);
        return new GatewayCrds(GatewayCrds.State.READ, versions);
    }
}
