package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.Cors;
import dev.gatehouse.routing.RouteAction;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** enable-cors and the cors-* keys, translated into a route's CORS. */
class CorsAnnotationsTest {

    private static final Cors DEFAULTS = new Cors(List.of("*"), AnnotationCatalog.CORS_METHODS, AnnotationCatalog.CORS_HEADERS, "",
            true, Duration.ofSeconds(1728000));
    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void enable_cors_alone_takes_ingress_nginx_defaults() {
        Translation translation = translate("nginx.ingress.kubernetes.io/enable-cors: \"true\"\n");

        assertThat(translation.warnings()).isEmpty();
        assertThat(cors(translation)).isEqualTo(DEFAULTS);
        assertThat(DEFAULTS.allowMethods()).isEqualTo("GET, PUT, POST, DELETE, PATCH, OPTIONS");
        assertThat(DEFAULTS.allowHeaders()).isEqualTo(
                "DNT, Keep-Alive, User-Agent, X-Requested-With, If-Modified-Since, Cache-Control, Content-Type, Range, Authorization");
    }

    @Test
    void every_key_is_read_under_either_prefix_and_lists_are_normalised() {
        Translation translation = translate("""
                gatehouse.dev/enable-cors: "true"
                nginx.ingress.kubernetes.io/cors-allow-origin: "https://App.example.com,https://*.example.org:8443 , capacitor://localhost"
                nginx.ingress.kubernetes.io/cors-allow-methods: "GET,POST"
                gatehouse.dev/cors-allow-headers: "Content-Type,X-Api-Key"
                nginx.ingress.kubernetes.io/cors-expose-headers: "X-Total-Count,  X-Page"
                nginx.ingress.kubernetes.io/cors-allow-credentials: "false"
                nginx.ingress.kubernetes.io/cors-max-age: "600"
                """);

        assertThat(translation.warnings()).isEmpty();
        assertThat(cors(translation)).isEqualTo(new Cors(List.of("https://app.example.com", "https://*.example.org:8443",
                "capacitor://localhost"), "GET, POST", "Content-Type, X-Api-Key", "X-Total-Count, X-Page", false, Duration.ofSeconds(600)));
    }

    @Test
    void a_star_anywhere_in_the_origins_allows_every_origin_and_cors_off_is_no_cors() {
        assertThat(cors(translate("""
                nginx.ingress.kubernetes.io/enable-cors: "true"
                nginx.ingress.kubernetes.io/cors-allow-origin: "https://a.example, *"
                """)).allowOrigins()).containsExactly("*");
        assertThat(cors(translate("""
                nginx.ingress.kubernetes.io/enable-cors: "false"
                nginx.ingress.kubernetes.io/cors-allow-origin: "https://a.example"
                """))).isNull();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "enable-cors            | yes | off | ingress default/web: annotation nginx.ingress.kubernetes.io/enable-cors: \"yes\" is not a boolean (expected \"true\" or \"false\"); CORS stays off",
            "cors-allow-origin      | https://ok.example, ftp//bad | https://ok.example | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-origin: \"https://ok.example, ftp//bad\" holds \"ftp//bad\", which is not an origin (expected * or scheme://host[:port], the host optionally starting with *. for one level of subdomains, e.g. https://*.example.com); that origin is not allowed",
            "cors-allow-origin      | https://*.*.example.com | none | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-origin: \"https://*.*.example.com\" holds \"https://*.*.example.com\", which is not an origin (expected * or scheme://host[:port], the host optionally starting with *. for one level of subdomains, e.g. https://*.example.com); that origin is not allowed",
            "cors-allow-origin      | https://app.example.com/path | none | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-origin: \"https://app.example.com/path\" holds \"https://app.example.com/path\", which is not an origin (expected * or scheme://host[:port], the host optionally starting with *. for one level of subdomains, e.g. https://*.example.com); that origin is not allowed",
            "cors-allow-origin      | https://app.example.com:99999 | none | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-origin: \"https://app.example.com:99999\" holds \"https://app.example.com:99999\", which is not an origin (expected * or scheme://host[:port], the host optionally starting with *. for one level of subdomains, e.g. https://*.example.com); that origin is not allowed",
            "cors-allow-origin      | ' , ' | none | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-origin: \" , \" holds no origin (expected * or a comma-separated list such as https://app.example.com, https://*.example.com); no origin is allowed until it is fixed",
            "cors-allow-methods     | GET; DROP | * | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-methods: \"GET; DROP\" is not a list of methods (expected e.g. GET, PUT, POST); using the default GET, PUT, POST, DELETE, PATCH, OPTIONS",
            "cors-allow-methods     | GET,,POST | * | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-methods: \"GET,,POST\" is not a list of methods (expected e.g. GET, PUT, POST); using the default GET, PUT, POST, DELETE, PATCH, OPTIONS",
            "cors-allow-headers     | X-Ok, X Bad | * | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-headers: \"X-Ok, X Bad\" is not a list of header names (expected e.g. Content-Type, Authorization, or *); using the default DNT, Keep-Alive, User-Agent, X-Requested-With, If-Modified-Since, Cache-Control, Content-Type, Range, Authorization",
            "cors-allow-headers     | $pid | * | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-headers: \"$pid\" is not a list of header names (expected e.g. Content-Type, Authorization, or *); using the default DNT, Keep-Alive, User-Agent, X-Requested-With, If-Modified-Since, Cache-Control, Content-Type, Range, Authorization",
            "cors-expose-headers    | X-A; X-B | * | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-expose-headers: \"X-A; X-B\" is not a list of header names (expected e.g. X-Request-Id, Content-Range, or *); no header is exposed",
            "cors-allow-credentials | yes | * | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-allow-credentials: \"yes\" is not a boolean (expected \"true\" or \"false\"); using the default true",
            "cors-max-age           | -1 | * | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-max-age: \"-1\" is not a number of seconds (expected an integer from 0 to 999999999, e.g. 600); using the default 1728000",
            "cors-max-age           | 1d | * | ingress default/web: annotation nginx.ingress.kubernetes.io/cors-max-age: \"1d\" is not a number of seconds (expected an integer from 0 to 999999999, e.g. 600); using the default 1728000",
    })
    void an_invalid_value_is_reported_exactly_and_its_setting_falls_back_while_the_ingress_routes(String key, String value,
                                                                                                  String origins, String message) {
        String enable = key.equals("enable-cors") ? "" : "nginx.ingress.kubernetes.io/enable-cors: \"true\"\n";
        Translation translation = translate(enable + "nginx.ingress.kubernetes.io/" + key + ": \"" + value + "\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        assertThat(translation.snapshot().virtualHosts()).hasSize(1);
        Cors cors = cors(translation);
        if (origins.equals("off")) {
            assertThat(cors).isNull();
        } else {
            List<String> allowed = origins.equals("none") ? List.of() : Arrays.asList(origins.split(","));
            assertThat(cors).isEqualTo(new Cors(allowed, DEFAULTS.allowMethods(), DEFAULTS.allowHeaders(), "", true, DEFAULTS.maxAge()));
        }
    }

    private Translation translate(String annotations) {
        String web = ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n", java.util.regex.Matcher.quoteReplacement(
                        "metadata:\n  name: web\n  annotations:\n" + annotations.indent(4)));
        return translator.translate(view(service("web", 80, "10.0.0.1", 8080), web));
    }

    private static Cors cors(Translation translation) {
        return ((RouteAction.Forward) translation.snapshot().router().find("web.example", "/").action()).filters().cors();
    }
}
