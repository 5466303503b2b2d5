package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.HealthCheck;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.UpstreamProtocol;
import dev.gatehouse.routing.UpstreamTls;
import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterPoliciesTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @ParameterizedTest(name = "appProtocol {0} is spoken as {1}")
    @CsvSource({"kubernetes.io/h2c, H2C", "grpc, H2C", "h2c, H2C", "http, HTTP1", "kubernetes.io/ws, HTTP1"})
    void the_app_protocol_of_the_service_port_says_how_to_speak_to_it(String appProtocol, UpstreamProtocol expected) {
        Translation translation = translator.translate(view(service("appProtocol: " + appProtocol, "", ""), ingressTo()));

        assertThat(policy(translation).protocol()).isEqualTo(expected);
    }

    @Test
    void app_protocols_https_grpcs_and_wss_speak_tls_unverified_unless_annotated() {
        Translation https = translator.translate(view(service("appProtocol: https", "", ""), ingressTo()));
        Translation grpcs = translator.translate(view(service("appProtocol: grpcs", "", ""), ingressTo()));
        Translation wss = translator.translate(view(service("appProtocol: kubernetes.io/wss", "", ""), ingressTo()));

        assertThat(policy(https).protocol()).isEqualTo(UpstreamProtocol.HTTP1);
        assertThat(policy(https).tls()).isEqualTo(UpstreamTls.UNVERIFIED);
        assertThat(policy(grpcs).protocol()).isEqualTo(UpstreamProtocol.H2C);
        assertThat(policy(grpcs).tls()).isEqualTo(UpstreamTls.UNVERIFIED);
        assertThat(policy(wss).protocol()).isEqualTo(UpstreamProtocol.HTTP1);
        assertThat(policy(wss).tls()).isEqualTo(UpstreamTls.UNVERIFIED);
        assertThat(policy(translator.translate(view(service("appProtocol: http", "", ""), ingressTo()))).tls()).isNull();
    }

    @Test
    void tls_annotations_verify_against_the_ca_of_a_secret_with_a_server_name() {
        Issued ca = TestCertificates.ca("Backend CA");
        String secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: backend-ca\ntype: kubernetes.io/tls\nstringData:\n"
                + "  ca.crt: |\n" + ca.certificatePem().lines().map(line -> "    " + line + "\n").collect(Collectors.joining());

        Translation translation = translator.translate(view(service("appProtocol: https", "", """
                    gatehouse.dev/backend-tls-verify: "true"
                    gatehouse.dev/backend-tls-ca-secret: backend-ca
                    gatehouse.dev/backend-tls-server-name: backend.internal
                """), ingressTo(), secret));

        assertThat(translation.warnings()).isEmpty();
        assertThat(policy(translation).tls()).isEqualTo(new UpstreamTls(true, List.of(ca.certificate()), "backend.internal"));
    }

    @Test
    void a_missing_ca_secret_is_reported_and_the_runtime_cas_used() {
        Translation translation = translator.translate(view(service("appProtocol: https", "", """
                    gatehouse.dev/backend-tls-verify: "true"
                    gatehouse.dev/backend-tls-ca-secret: nowhere
                """), ingressTo()));

        assertThat(policy(translation).tls()).isEqualTo(new UpstreamTls(true, List.of(), null));
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("service default/web: annotation "
                + "gatehouse.dev/backend-tls-ca-secret: secret \"nowhere\" not found in namespace default (expected a Secret of "
                + "type kubernetes.io/tls with ca.crt); the runtime's CAs are used");
    }

    @Test
    void client_ip_session_affinity_hashes_by_client_address() {
        Translation translation = translator.translate(view(service("", "sessionAffinity: ClientIP", ""), ingressTo()));

        assertThat(policy(translation).loadBalancing())
                .isEqualTo(new LoadBalancing.ConsistentHash(new HashKey.ClientAddress()));
    }

    @Test
    void health_check_annotations_turn_active_checks_on() {
        Translation translation = translator.translate(view(service("", "", """
                    gatehouse.dev/health-check-path: /ready
                    gatehouse.dev/health-check-interval: 2s
                    gatehouse.dev/health-check-timeout: 500ms
                    gatehouse.dev/health-check-healthy-threshold: "1"
                    gatehouse.dev/health-check-unhealthy-threshold: "4"
                """), ingressTo()));

        assertThat(policy(translation).healthCheck())
                .isEqualTo(new HealthCheck("/ready", Duration.ofSeconds(2), Duration.ofMillis(500), 1, 4));
        assertThat(translation.warnings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "gatehouse.dev/health-check-interval           | soon | service default/web: annotation gatehouse.dev/health-check-interval: \"soon\" is not a duration (expected e.g. 5s or 500ms); using 5000ms",
            "gatehouse.dev/health-check-timeout            | -1s  | service default/web: annotation gatehouse.dev/health-check-timeout: \"-1s\" is not a duration (expected e.g. 5s or 500ms); using 2000ms",
            "gatehouse.dev/health-check-healthy-threshold  | zero | service default/web: annotation gatehouse.dev/health-check-healthy-threshold: \"zero\" is not a count (expected an integer of 1 or more); using 2",
            "gatehouse.dev/health-check-unhealthy-threshold| 0    | service default/web: annotation gatehouse.dev/health-check-unhealthy-threshold: \"0\" is not a count (expected an integer of 1 or more); using 3",
    })
    void an_invalid_health_check_value_is_reported_and_its_default_used(String key, String value, String message) {
        Translation translation = translator.translate(view(service("", "", """
                    gatehouse.dev/health-check-path: /healthz
                    %s: "%s"
                """.formatted(key, value)), ingressTo()));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        assertThat(policy(translation).healthCheck().path()).isEqualTo("/healthz");
    }

    @Test
    void a_health_check_path_that_is_not_a_path_is_reported_and_no_check_runs() {
        Translation translation = translator.translate(view(service("", "", "    gatehouse.dev/health-check-path: healthz\n"),
                ingressTo()));

        assertThat(translation.warnings()).extracting(Warning::reason, Warning::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Warning.INVALID_ANNOTATION, "service default/web: annotation "
                        + "gatehouse.dev/health-check-path: \"healthz\" must start with \"/\" (expected a path such as /healthz); "
                        + "no active health check"));
        assertThat(policy(translation).healthCheck()).isNull();
    }

    private static ClusterPolicy policy(Translation translation) {
        return translation.snapshot().cluster(new ClusterName("default", "web", "80")).policy();
    }

    private static String ingressTo() {
        return ingress("web", "web.example", "Prefix", "/", "web", 80);
    }

    private static String service(String portExtra, String specExtra, String annotations) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                %s
                spec:
                  %s
                  ports:
                  - name: http
                    port: 80
                    %s
                """.formatted(annotations.isEmpty() ? "" : "  annotations:\n" + annotations, specExtra, portExtra);
    }
}
