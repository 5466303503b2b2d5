package dev.gatehouse.controller.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A GRPCRoute's backendRef to a Service of another namespace is allowed by a ReferenceGrant whose {@code from} names
 * GRPCRoutes, as the specification reads grants by the route's own kind: one for HTTPRoutes does not open it.
 */
class GatewayGrpcRouteReferenceGrantTest {

    private static final String ROUTE_AND_SERVICE = GatewayWorld.BASE + """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GRPCRoute
            metadata: {name: across}
            spec:
              parentRefs: [{name: same-namespace}]
              rules: [{backendRefs: [{name: grpc-backend, namespace: backends, port: 8080}]}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: grpc-backend, namespace: backends}
            spec:
              ports: [{name: grpc, port: 8080}]
            ---
            """;

    @Test
    void aGrantFromGrpcRoutesOpensTheServiceAndAGrantFromHttpRoutesDoesNot() {
        assertThat(resolvedRefs(ROUTE_AND_SERVICE + grant("GRPCRoute"))).isEqualTo("True/ResolvedRefs");
        assertThat(resolvedRefs(ROUTE_AND_SERVICE + grant("HTTPRoute"))).isEqualTo("False/RefNotPermitted");
    }

    private static String grant(String fromKind) {
        return """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: from-default, namespace: backends}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: %s, namespace: default}]
                  to: [{group: "", kind: Service}]
                """.formatted(fromKind);
    }

    private static String resolvedRefs(String yaml) {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : yaml.split("(?m)^---$")) {
            if (document.isBlank()) {
                continue;
            }
            HasMetadata object = serialization.unmarshal(document);
            if (object instanceof Namespaced && object.getMetadata().getNamespace() == null) {
                object.getMetadata().setNamespace("default");
            }
            objects.add(object);
        }
        return new IngressTranslator(TranslatorSettings.defaults()).translate(ClusterView.of(objects)).gateway().routes()
                .get(new ObjectRef("GRPCRoute", "default", "across")).get(0).getConditions().stream()
                .filter(condition -> condition.getType().equals("ResolvedRefs"))
                .map(condition -> condition.getStatus() + "/" + condition.getReason()).findFirst().orElseThrow();
    }
}
