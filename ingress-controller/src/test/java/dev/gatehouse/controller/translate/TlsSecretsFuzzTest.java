package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.objects;
import static dev.gatehouse.controller.testing.Manifests.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Any TLS Secret an Ingress names is decoded (base64, as the API server stores it) and either bound to the Ingress's
 * hosts or reported in a warning that names it, never an exception. Input: {@code tls.crt}, a line {@value #KEY_LINE},
 * {@code tls.key}; without that line the whole text is both. Seeds: those of the tls module's PemCertificatesFuzzTest.
 */
class TlsSecretsFuzzTest {

    static final String KEY_LINE = "=== tls.key ===\n";
    private static final List<HasMetadata> WORLD = objects(service("web", 80, "10.0.0.1", 8080) + """
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: fuzz-tls}
            type: kubernetes.io/tls
            ---
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: {name: secured}
            spec:
              ingressClassName: gatehouse
              tls:
              - hosts: [fuzz.example, www.fuzz.example]
                secretName: fuzz-tls
              rules:
              - host: fuzz.example
                http:
                  paths:
                  - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
            """);
    private static final IngressTranslator TRANSLATOR = new IngressTranslator(TranslatorSettings.defaults());

    @FuzzTest
    void anyTlsSecretIsServedOrReportedNeverThrown(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int split = text.indexOf(KEY_LINE);
        Secret secret = WORLD.stream().filter(Secret.class::isInstance).map(Secret.class::cast).findFirst().orElseThrow();
        secret.setData(Map.of("tls.crt", base64(split < 0 ? text : text.substring(0, split)),
                "tls.key", base64(split < 0 ? text : text.substring(split + KEY_LINE.length()))));

        Translation translation = TRANSLATOR.translate(ClusterView.of(WORLD));

        // the hosts get the Secret's certificate, or the Ingress a warning naming the Secret (and they the default one)
        boolean bound = !translation.snapshot().tls().isEmpty();
        boolean reported = translation.warnings().stream().anyMatch(warning -> warning.message().contains("fuzz-tls"));
        assertThat(bound || reported).as("bound %s, warnings %s", translation.snapshot().tls(), translation.warnings()).isTrue();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
