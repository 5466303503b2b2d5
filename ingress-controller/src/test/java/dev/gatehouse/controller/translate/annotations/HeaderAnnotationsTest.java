package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RouteAction;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** custom-headers and request-headers: ConfigMaps of headers, checked entry by entry. */
class HeaderAnnotationsTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void the_configmaps_data_become_response_and_request_headers_by_lower_case_name() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/custom-headers: "default/response-headers"
                gatehouse.dev/request-headers: "request-headers"
                nginx.ingress.kubernetes.io/x-forwarded-prefix: "/shop"
                """, configMap("response-headers", "X-Frame-Options: DENY\n  Cache-Control: \" no-store \""),
                configMap("request-headers", "X-Tenant: blue\n  X-Forwarded-Prefix: /ignored"));

        assertThat(translation.warnings()).isEmpty();
        RequestFilters filters = filters(translation);
        assertThat(filters.responseHeaders()).isEqualTo(Map.of("x-frame-options", "DENY", "cache-control", "no-store"));
        assertThat(filters.requestHeaders()).as("the annotation's x-forwarded-prefix wins")
                .isEqualTo(Map.of("x-tenant", "blue", "x-forwarded-prefix", "/shop"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "custom-headers  | other/headers | ingress default/web: annotation nginx.ingress.kubernetes.io/custom-headers: \"other/headers\" refers to a ConfigMap in namespace other (expected one in the Ingress's namespace default); no response header is set from it",
            "custom-headers  | Bad_Name      | ingress default/web: annotation nginx.ingress.kubernetes.io/custom-headers: \"Bad_Name\" is not a ConfigMap name (expected name or namespace/name, e.g. default/headers); no response header is set from it",
            "custom-headers  | a/b/c         | ingress default/web: annotation nginx.ingress.kubernetes.io/custom-headers: \"a/b/c\" is not a ConfigMap name (expected name or namespace/name, e.g. default/headers); no response header is set from it",
            "request-headers | default/missing | ingress default/web: annotation nginx.ingress.kubernetes.io/request-headers: \"default/missing\" refers to ConfigMap default/missing, which does not exist; no request header is set from it",
    })
    void a_reference_that_cannot_be_used_is_reported_and_the_ingress_routes(String key, String value, String message) {
        Translation translation = translate("nginx.ingress.kubernetes.io/" + key + ": \"" + value + "\"\n",
                configMap("headers", "X-A: b").replace("namespace: default", "namespace: other"));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        assertThat(filters(translation).responseHeaders()).isEmpty();
        assertThat(filters(translation).requestHeaders()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void a_missing_custom_headers_config_map_is_reported_and_leaves_nobody_through() {
        Translation translation = translate("nginx.ingress.kubernetes.io/custom-headers: \"missing\"\n",
                configMap("headers", "X-A: b"));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/custom-headers: \"missing\" refers to ConfigMap default/missing, which does not exist; "
                + "every request is answered 503 until it does, as in ingress-nginx");
        assertThat(filters(translation).basicAuth().unavailable()).isTrue();
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "custom-headers  | Connection        | close   | key \"Connection\" (value \"close\") is a hop-by-hop header, which belongs to one connection (expected an end-to-end header such as X-Frame-Options)",
            "custom-headers  | Transfer-Encoding | chunked | key \"Transfer-Encoding\" (value \"chunked\") is a hop-by-hop header, which belongs to one connection (expected an end-to-end header such as X-Frame-Options)",
            "request-headers | Upgrade           | h2c     | key \"Upgrade\" (value \"h2c\") is a hop-by-hop header, which belongs to one connection (expected an end-to-end header such as X-Frame-Options)",
            "custom-headers  | Content-Length    | 5       | key \"Content-Length\" (value \"5\") frames the message, which the proxy does (expected an end-to-end header such as X-Frame-Options)",
            "custom-headers  | Set-Cookie        | a=b     | key \"Set-Cookie\" (value \"a=b\") is set by the upstream for each response (one value would replace its own) (expected an end-to-end header such as X-Frame-Options)",
            "custom-headers  | Content-Encoding  | gzip    | key \"Content-Encoding\" (value \"gzip\") is set by the upstream for each response (one value would replace its own) (expected an end-to-end header such as X-Frame-Options)",
            "custom-headers  | Strict-Transport-Security | max-age=1 | key \"Strict-Transport-Security\" (value \"max-age=1\") is set by the hsts settings (expected an end-to-end header such as X-Frame-Options)",
            "request-headers | Host              | evil.example | key \"Host\" (value \"evil.example\") is the Host, which upstream-vhost sets (expected an end-to-end header such as X-Frame-Options)",
            "request-headers | X-Forwarded-For   | 10.0.0.1 | key \"X-Forwarded-For\" (value \"10.0.0.1\") is set by the proxy from the client's connection (expected an end-to-end header such as X-Frame-Options)",
            "request-headers | X-Real-IP         | 10.0.0.1 | key \"X-Real-IP\" (value \"10.0.0.1\") is set by the proxy from the client's connection (expected an end-to-end header such as X-Frame-Options)",
            "request-headers | X-Request-Id      | fixed   | key \"X-Request-Id\" (value \"fixed\") is set by the proxy for each request (expected an end-to-end header such as X-Frame-Options)",
            "custom-headers  | X Bad             | v       | key \"X Bad\" (value \"v\") is not a header name (expected a token such as X-Frame-Options)",
            "custom-headers  | X-Empty           | ''      | key \"X-Empty\" (value \"\") has no value (expected text)",
            "custom-headers  | X-Split           | a\\r\\nX-Injected: yes | key \"X-Split\" (value \"a\\x0d\\x0aX-Injected: yes\") holds a control or non-ASCII character (expected printable ASCII text on one line)",
            "custom-headers  | X-Name            | caf\\u00e9 | key \"X-Name\" (value \"caf\u00e9\") holds a control or non-ASCII character (expected printable ASCII text on one line)",
            "request-headers | Authorization     | Bearer a\\nb | key \"Authorization\" (value hidden) holds a control or non-ASCII character (expected printable ASCII text on one line)",
    })
    void a_bad_entry_is_reported_by_configmap_key_and_value_and_the_other_entries_apply(String annotation, String key, String value,
                                                                                     String problem) {
        Translation translation = translate("nginx.ingress.kubernetes.io/" + annotation + ": \"headers\"\n",
                configMap("headers", "X-Good: yes\n  \"" + key + "\": \"" + value + "\""));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/" + annotation + ": ConfigMap default/headers " + problem + "; that header is not set");
        RequestFilters filters = filters(translation);
        Map<String, String> applied = annotation.equals("custom-headers") ? filters.responseHeaders() : filters.requestHeaders();
        assertThat(applied).isEqualTo(Map.of("x-good", "yes"));
    }

    private Translation translate(String annotations, String... configMaps) {
        String web = ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n", java.util.regex.Matcher.quoteReplacement(
                        "metadata:\n  name: web\n  annotations:\n" + annotations.indent(4)));
        String[] documents = new String[configMaps.length + 2];
        documents[0] = service("web", 80, "10.0.0.1", 8080);
        documents[1] = web;
        System.arraycopy(configMaps, 0, documents, 2, configMaps.length);
        return translator.translate(view(documents));
    }

    private static String configMap(String name, String data) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  namespace: default
                data:
                  %s
                """.formatted(name, data);
    }

    private static RequestFilters filters(Translation translation) {
        return ((RouteAction.Forward) translation.snapshot().router().find("web.example", "/").action()).filters();
    }
}
