package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.objects;
import static dev.gatehouse.controller.testing.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/**
 * Any marathon-lb keys on a Service ({@code HAPROXY_GROUP}, {@code HAPROXY_0_VHOST}, the {@code gatehouse.dev/}
 * spellings, ...) are translated, for every group, into routes, TCP listeners and warnings, never an exception.
 * Input: {@code key=value} lines ({@link FuzzedKeys}), keys as written; seeds: docs/labels.md's examples and wrong
 * values of each key.
 */
class LabelTranslatorFuzzTest {

    private static final List<HasMetadata> WORLD = objects(service("web", 80, "10.0.0.1", 8080) + """
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: web-cert}
            type: kubernetes.io/tls
            stringData: {tls.crt: "", tls.key: ""}
            """);
    private static final IngressTranslator TRANSLATOR = new IngressTranslator(TranslatorSettings.defaults().withLabels("*", false, null));

    @FuzzTest
    void anyMarathonLbKeysAreRoutedOrReportedNeverThrown(byte[] input) {
        Service service = WORLD.stream().filter(Service.class::isInstance).map(Service.class::cast).findFirst().orElseThrow();
        // every input replaces all the keys: nothing of the one before stays
        service.getMetadata().setAnnotations(FuzzedKeys.read(input, ""));

        Translation translation = TRANSLATOR.translate(ClusterView.of(WORLD));

        assertThat(translation.snapshot()).isNotNull();
        assertThat(translation.labelMaps()).isNotNull();
    }
}
