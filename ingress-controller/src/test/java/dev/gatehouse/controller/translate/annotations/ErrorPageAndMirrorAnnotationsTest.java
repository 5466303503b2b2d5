package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ErrorPages;
import dev.gatehouse.routing.Mirror;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RouteAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** default-backend, custom-http-errors, mirror-target, mirror-request-body, mirror-host and enable-access-log, read into filters. */
class ErrorPageAndMirrorAnnotationsTest {

    private static final String PORTLESS = """
            apiVersion: v1
            kind: Service
            metadata:
              name: portless
            spec:
              type: ExternalName
              externalName: portless.example
            """;

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void default_backend_and_custom_errors_become_the_routes_error_pages_on_the_services_first_port() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/default-backend: "errors"
                nginx.ingress.kubernetes.io/custom-http-errors: "503, 404,500"
                """);

        assertThat(translation.warnings()).isEmpty();
        ClusterName errors = new ClusterName("default", "errors", "9090");
        assertThat(filters(translation).errorPages()).isEqualTo(new ErrorPages(errors, Set.of(404, 500, 503), "web"));
        assertThat(translation.snapshot().cluster(errors).endpoints()).hasSize(1);
    }

    @Test
    void custom_errors_without_a_default_backend_of_their_own_go_to_the_snapshots_of_the_same_namespace() {
        Translation translation = translate("nginx.ingress.kubernetes.io/custom-http-errors: \"404\"\n", catchAll("default"));

        assertThat(translation.warnings()).isEmpty();
        assertThat(filters(translation).errorPages()).isEqualTo(new ErrorPages(null, Set.of(404), "web"));
    }

    @Test
    void custom_errors_that_only_another_namespaces_default_backend_or_none_could_serve_are_reported() {
        Translation otherNamespace = translate("nginx.ingress.kubernetes.io/custom-http-errors: \"404\"\n", catchAll("other"));
        Translation none = translate("nginx.ingress.kubernetes.io/custom-http-errors: \"404\"\n");

        assertThat(otherNamespace.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/custom-http-errors: \"404\" is not served: the Ingress has no default-backend of its "
                + "own and the snapshot's default backend, other/pages:9090, is of namespace other, and pages are not asked of "
                + "another namespace's Service (expected a default-backend annotation naming a Service of namespace default); the "
                + "statuses pass through");
        assertThat(none.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/custom-http-errors: \"404\" is not served: the Ingress has no default-backend of its "
                + "own and no Ingress of the class sets spec.defaultBackend (expected a default-backend annotation naming a Service "
                + "of namespace default); the statuses pass through");
        assertThat(filters(otherNamespace).errorPages()).isEqualTo(new ErrorPages(null, Set.of(404), "web"));
    }

    @Test
    void a_default_backend_alone_answers_for_a_service_without_endpoints_and_replaces_no_status() {
        Translation translation = translate("gatehouse.dev/default-backend: \"errors\"\n");

        assertThat(filters(translation).errorPages()).isEqualTo(new ErrorPages(new ClusterName("default", "errors", "9090"), Set.of(), "web"));
    }

    @Test
    void mirror_target_request_body_and_host_become_the_routes_mirror() {
        Translation copied = translate("nginx.ingress.kubernetes.io/mirror-target: \"https://test.example$request_uri\"\n");
        Translation headOnly = translate("""
                nginx.ingress.kubernetes.io/mirror-target: "http://10.0.0.9:8080/shadow"
                nginx.ingress.kubernetes.io/mirror-request-body: "off"
                nginx.ingress.kubernetes.io/mirror-host: "shadow.internal"
                """);

        assertThat(copied.warnings()).isEmpty();
        assertThat(filters(copied).mirror()).isEqualTo(new Mirror("https://test.example$request_uri", true, null));
        assertThat(headOnly.warnings()).isEmpty();
        assertThat(filters(headOnly).mirror()).isEqualTo(new Mirror("http://10.0.0.9:8080/shadow", false, "shadow.internal"));
    }

    @Test
    void enable_access_log_false_keeps_the_routes_requests_out_of_the_log() {
        assertThat(filters(translate("nginx.ingress.kubernetes.io/enable-access-log: \"false\"\n")).accessLog()).isFalse();
        assertThat(filters(translate("nginx.ingress.kubernetes.io/enable-access-log: \"true\"\n")).accessLog()).isTrue();
        assertThat(filters(translate("nginx.ingress.kubernetes.io/proxy-read-timeout: \"5\"\n")).accessLog()).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "default-backend     | default/errors | ingress default/web: annotation nginx.ingress.kubernetes.io/default-backend: \"default/errors\" is not a Service name (expected the name of a Service in the Ingress's namespace, such as error-pages); not used",
            "default-backend     | Errors         | ingress default/web: annotation nginx.ingress.kubernetes.io/default-backend: \"Errors\" is not a Service name (expected the name of a Service in the Ingress's namespace, such as error-pages); not used",
            "default-backend     | missing        | ingress default/web: annotation nginx.ingress.kubernetes.io/default-backend: \"missing\" names no Service of namespace default (expected an existing Service of the Ingress's namespace); not used",
            "default-backend     | portless       | ingress default/web: annotation nginx.ingress.kubernetes.io/default-backend: \"portless\" names Service default/portless, which has no port (expected a Service with a port; its first one is used); not used",
            "custom-http-errors  | 404,abc        | ingress default/web: annotation nginx.ingress.kubernetes.io/custom-http-errors: \"404,abc\" holds \"abc\", which is not an error status (expected comma-separated statuses from 400 to 599, such as 404,503); no answer is replaced",
            "custom-http-errors  | 302            | ingress default/web: annotation nginx.ingress.kubernetes.io/custom-http-errors: \"302\" holds \"302\", which is not an error status (expected comma-separated statuses from 400 to 599, such as 404,503); no answer is replaced",
            "custom-http-errors  | 404,,503       | ingress default/web: annotation nginx.ingress.kubernetes.io/custom-http-errors: \"404,,503\" holds \"\", which is not an error status (expected comma-separated statuses from 400 to 599, such as 404,503); no answer is replaced",
            "custom-http-errors  | 600            | ingress default/web: annotation nginx.ingress.kubernetes.io/custom-http-errors: \"600\" holds \"600\", which is not an error status (expected comma-separated statuses from 400 to 599, such as 404,503); no answer is replaced",
            "custom-http-errors  | ' '            | ingress default/web: annotation nginx.ingress.kubernetes.io/custom-http-errors: \" \" holds no status (expected comma-separated statuses from 400 to 599, such as 404,503); no answer is replaced",
            "mirror-target       | /mirror        | ingress default/web: annotation nginx.ingress.kubernetes.io/mirror-target: \"/mirror\" is not a URL (expected an absolute http or https URL such as https://test.example$request_uri); requests are not mirrored",
            "mirror-target       | ftp://a.example/x | ingress default/web: annotation nginx.ingress.kubernetes.io/mirror-target: \"ftp://a.example/x\" is not a URL (expected an absolute http or https URL such as https://test.example$request_uri); requests are not mirrored",
            "mirror-target       | https://user@a.example/ | ingress default/web: annotation nginx.ingress.kubernetes.io/mirror-target: \"https://user@a.example/\" is not a URL (expected an absolute http or https URL such as https://test.example$request_uri); requests are not mirrored",
            "mirror-target       | https://a.example$host$request_uri | ingress default/web: annotation nginx.ingress.kubernetes.io/mirror-target: \"https://a.example$host$request_uri\" holds $host, which Gatehouse does not expand (expected no variable but $request_uri); requests are not mirrored",
            "enable-access-log   | no             | ingress default/web: annotation nginx.ingress.kubernetes.io/enable-access-log: \"no\" is not a boolean (expected \"true\" or \"false\"); the global access log setting applies",
    })
    void an_invalid_value_is_reported_by_key_value_and_expectation_and_the_ingress_still_routes(String key, String value, String message) {
        Translation translation = translate("nginx.ingress.kubernetes.io/" + key + ": \"" + value + "\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        RequestFilters filters = filters(translation);
        assertThat(filters.errorPages()).isNull();
        assertThat(filters.mirror()).isNull();
        assertThat(filters.accessLog()).isTrue();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "mirror-request-body | sometimes      | ingress default/web: annotation nginx.ingress.kubernetes.io/mirror-request-body: \"sometimes\" is not on or off (expected \"on\" or \"off\"); using on",
            "mirror-host         | bad_host       | ingress default/web: annotation nginx.ingress.kubernetes.io/mirror-host: \"bad_host\" is not a host (expected a DNS name such as test.example, optionally with :port); the target's host is sent",
            "mirror-host         | *.example      | ingress default/web: annotation nginx.ingress.kubernetes.io/mirror-host: \"*.example\" is not a host (expected a DNS name such as test.example, optionally with :port); the target's host is sent",
    })
    void an_invalid_mirror_setting_falls_back_to_its_default_and_the_mirror_still_applies(String key, String value, String message) {
        Translation translation = translate("nginx.ingress.kubernetes.io/mirror-target: \"http://shadow.example/\"\n"
                + "nginx.ingress.kubernetes.io/" + key + ": \"" + value + "\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        assertThat(filters(translation).mirror()).isEqualTo(new Mirror("http://shadow.example/", true, null));
    }

    @Test
    void an_invalid_default_backend_leaves_the_custom_errors_to_the_snapshots_default_backend() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/default-backend: "missing"
                nginx.ingress.kubernetes.io/custom-http-errors: "503"
                """);

        assertThat(translation.warnings()).extracting(Warning::message).hasSize(2)
                .anyMatch(message -> message.contains("default-backend: \"missing\" names no Service"))
                .anyMatch(message -> message.contains("custom-http-errors: \"503\" is not served"));
        assertThat(filters(translation).errorPages()).isEqualTo(new ErrorPages(null, Set.of(503), "web"));
    }

    private Translation translate(String annotations, String... more) {
        String web = ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n",
                        Matcher.quoteReplacement("metadata:\n  name: web\n  annotations:\n" + annotations.indent(4)));
        List<String> manifests = new ArrayList<>(List.of(service("web", 80, "10.0.0.1", 8080),
                service("errors", 9090, "10.0.0.2", 8080), PORTLESS, web));
        manifests.addAll(List.of(more));
        return translator.translate(view(manifests.toArray(String[]::new)));
    }

    /** An Ingress of {@code namespace} whose spec.defaultBackend, the snapshot's default backend, is its Service pages. */
    private static String catchAll(String namespace) {
        return service("pages", namespace, 9090, "10.0.0.3", 8080) + "---\n" + """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: catch-all
                  namespace: %s
                spec:
                  ingressClassName: gatehouse
                  defaultBackend:
                    service:
                      name: pages
                      port:
                        number: 9090
                """.formatted(namespace);
    }

    private static RequestFilters filters(Translation translation) {
        return ((RouteAction.Forward) translation.snapshot().router().find("web.example", "/").action()).filters();
    }
}
