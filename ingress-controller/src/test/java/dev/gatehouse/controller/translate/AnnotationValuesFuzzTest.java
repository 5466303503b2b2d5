package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.objects;
import static dev.gatehouse.controller.testing.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;

/**
 * Any annotation values on an Ingress are judged by the readers behind {@code migrate-check} ({@link AnnotationValues})
 * and translated into a routing snapshot, each either used or reported as a warning, never an exception. The
 * Ingress may name the Secrets and ConfigMap of the view (basic auth, a CA, custom headers). Input: {@code key=value}
 * lines ({@link FuzzedKeys}), keys without a slash under {@code nginx.ingress.kubernetes.io/}; seeds: every kind of
 * value the catalog documents, and wrong ones.
 */
class AnnotationValuesFuzzTest {

    private static final List<HasMetadata> WORLD = objects(service("web", 80, "10.0.0.1", 8080) + """
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: users}
            type: Opaque
            stringData:
              auth: "alice:$apr1$2vTyN3Ub$U2aUi4O6.LaD0pYLtXgPy0"
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: headers}
            data:
              X-Served-By: gatehouse
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: fuzzed}
            spec:
              ingressClassName: gatehouse
              rules:
              - host: fuzz.example
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """);
    private static final IngressTranslator TRANSLATOR = new IngressTranslator(TranslatorSettings.defaults());

    @FuzzTest
    void anyAnnotationValuesAreUsedOrReportedNeverThrown(byte[] input) {
        Ingress ingress = WORLD.stream().filter(Ingress.class::isInstance).map(Ingress.class::cast).findFirst().orElseThrow();
        // every input replaces all the annotations: nothing of the one before stays
        ingress.getMetadata().setAnnotations(FuzzedKeys.read(input, "nginx.ingress.kubernetes.io/"));
        ClusterView view = ClusterView.of(WORLD);

        List<String> problems = new AnnotationValues(view).problems(ingress);
        Translation translation = TRANSLATOR.translate(view);

        assertThat(problems).allSatisfy(problem -> assertThat(problem).isNotBlank());
        assertThat(translation.snapshot()).isNotNull();
    }
}
