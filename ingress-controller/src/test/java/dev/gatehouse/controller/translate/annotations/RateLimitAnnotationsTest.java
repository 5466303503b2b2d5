package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.RateLimit;
import dev.gatehouse.routing.ResponseRate;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** limit-rps, limit-rpm, limit-connections, limit-burst-multiplier and limit-allowlist (or limit-whitelist) into the routes' rate limit. */
class RateLimitAnnotationsTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void the_keys_become_one_limit_in_the_zone_of_the_ingress_with_ingress_nginxs_default_status() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/limit-rps: "10"
                nginx.ingress.kubernetes.io/limit-rpm: "300"
                nginx.ingress.kubernetes.io/limit-connections: "5"
                nginx.ingress.kubernetes.io/limit-burst-multiplier: "3"
                nginx.ingress.kubernetes.io/limit-whitelist: "10.0.0.0/8, 192.168.1.7"
                """);

        assertThat(translation.warnings()).isEmpty();
        assertThat(limit(translation.snapshot(), "/")).isEqualTo(
                new RateLimit("default/web", 10, 300, 5, 3, List.of("10.0.0.0/8", "192.168.1.7"), 503, 503, false));
        assertThat(translation.ingresses()).hasSize(1);
    }

    @Test
    void limit_allowlist_is_read_and_wins_over_its_older_name() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/limit-rps: "10"
                nginx.ingress.kubernetes.io/limit-allowlist: "10.0.0.0/8"
                nginx.ingress.kubernetes.io/limit-whitelist: "192.168.1.7"
                """);

        assertThat(translation.warnings()).isEmpty();
        assertThat(limit(translation.snapshot(), "/").exempt()).containsExactly("10.0.0.0/8");
        assertThat(translation.ingresses()).hasSize(1);
    }

    @Test
    void every_route_of_the_ingress_has_the_same_limit_so_they_share_one_zone() {
        String web = ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n", "metadata:\n  name: web\n  annotations:\n"
                        + "    nginx.ingress.kubernetes.io/limit-rps: \"2\"\n")
                .replace("      - pathType: Prefix", "      - pathType: Prefix\n        path: \"/api\"\n        backend:\n"
                        + "          service:\n            name: web\n            port:\n              number: 80\n"
                        + "      - pathType: Prefix");

        RoutingSnapshot snapshot = translator.translate(view(service("web", 80, "10.0.0.1", 8080), web)).snapshot();

        assertThat(limit(snapshot, "/api")).isEqualTo(limit(snapshot, "/")).isNotNull();
        assertThat(limit(snapshot, "/").zone()).isEqualTo("default/web");
        assertThat(limit(snapshot, "/").burstMultiplier()).isEqualTo(5);
    }

    @Test
    void no_limit_or_limits_of_zero_mean_no_rate_limit_even_with_a_whitelist() {
        assertThat(limit(translate("nginx.ingress.kubernetes.io/limit-whitelist: \"10.0.0.0/8\"\n").snapshot(), "/")).isNull();
        assertThat(limit(translate("nginx.ingress.kubernetes.io/limit-rps: \"0\"\n"
                + "nginx.ingress.kubernetes.io/limit-connections: \"0\"\n").snapshot(), "/")).isNull();
    }

    @Test
    void gatehouses_own_key_wins_and_the_global_configmap_gives_the_statuses() {
        IngressTranslator configured = new IngressTranslator(TranslatorSettings.defaults().withConfig("gatehouse/config"));
        String web = annotated("""
                nginx.ingress.kubernetes.io/limit-rps: "10"
                gatehouse.dev/limit-rps: "20"
                """);
        String config = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: config
                  namespace: gatehouse
                data:
                  limit-req-status-code: "429"
                  limit-conn-status-code: "503"
                """;

        Translation translation = configured.translate(view(service("web", 80, "10.0.0.1", 8080), web, config));

        assertThat(limit(translation.snapshot(), "/")).extracting(RateLimit::perSecond, RateLimit::status, RateLimit::connectionStatus)
                .containsExactly(20, 429, 503);
    }

    @Test
    void an_unreadable_rate_refuses_every_client_outside_the_whitelist_while_the_rest_of_the_ingress_applies() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/limit-rps: "fast"
                nginx.ingress.kubernetes.io/limit-whitelist: "10.0.0.0/8"
                nginx.ingress.kubernetes.io/proxy-read-timeout: "90"
                """);

        RateLimit limit = limit(translation.snapshot(), "/");
        assertThat(limit.refuseAll()).isTrue();
        assertThat(limit.exempt()).containsExactly("10.0.0.0/8");
        assertThat(forward(translation.snapshot(), "/").policy().readTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(translation.snapshot().virtualHosts()).hasSize(1);
    }

    @Test
    void an_unreadable_multiplier_gives_the_smallest_burst_and_an_unreadable_whitelist_exempts_nobody() {
        RateLimit limit = limit(translate("""
                nginx.ingress.kubernetes.io/limit-rps: "10"
                nginx.ingress.kubernetes.io/limit-burst-multiplier: "0"
                nginx.ingress.kubernetes.io/limit-whitelist: "10.0.0.0/8, office"
                """).snapshot(), "/");

        assertThat(limit.refuseAll()).isFalse();
        assertThat(limit.burstMultiplier()).isEqualTo(1);
        assertThat(limit.exempt()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "limit-rps              | fast        | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-rps: \"fast\" is not a whole number (expected a whole number of requests per second such as 10, 0 for no limit); every client outside limit-whitelist is refused until it is fixed",
            "limit-rps              | -1          | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-rps: \"-1\" is negative (expected a whole number of requests per second such as 10, 0 for no limit); every client outside limit-whitelist is refused until it is fixed",
            "limit-rps              | 2.5         | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-rps: \"2.5\" is not a whole number (expected a whole number of requests per second such as 10, 0 for no limit); every client outside limit-whitelist is refused until it is fixed",
            "limit-rpm              | 10000000000 | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-rpm: \"10000000000\" is too large (expected at most 999999999); every client outside limit-whitelist is refused until it is fixed",
            "limit-rpm              | ''          | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-rpm: \"\" is not a whole number (expected a whole number of requests per minute such as 300, 0 for no limit); every client outside limit-whitelist is refused until it is fixed",
            "limit-connections      | many        | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-connections: \"many\" is not a whole number (expected a whole number of requests in flight such as 20, 0 for no limit); every client outside limit-whitelist is refused until it is fixed",
            "limit-connections      | -3          | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-connections: \"-3\" is negative (expected a whole number of requests in flight such as 20, 0 for no limit); every client outside limit-whitelist is refused until it is fixed",
            "limit-burst-multiplier | 0           | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-burst-multiplier: \"0\" is zero (expected a whole number of 1 or more, such as 5); using 1, the smallest burst, until it is fixed",
            "limit-burst-multiplier | -2          | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-burst-multiplier: \"-2\" is negative (expected a whole number of 1 or more, such as 5); using 1, the smallest burst, until it is fixed",
            "limit-burst-multiplier | lots        | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-burst-multiplier: \"lots\" is not a whole number (expected a whole number of 1 or more, such as 5); using 1, the smallest burst, until it is fixed",
            "limit-burst-multiplier | 99999999999 | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-burst-multiplier: \"99999999999\" is too large (expected at most 999999999); using 1, the smallest burst, until it is fixed",
            "limit-whitelist        | 10.0.0.0/99 | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-whitelist: \"10.0.0.0/99\" holds \"10.0.0.0/99\" has prefix length \"99\" (expected 0 to 32); no client is exempt from the limits until it is fixed",
            "limit-whitelist        | office      | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-whitelist: \"office\" holds \"office\" is not an IP address or CIDR block (expected e.g. 10.0.0.0/8, 192.168.1.7 or 2001:db8::/32); no client is exempt from the limits until it is fixed",
            "limit-whitelist        | ' , '       | ingress default/web: annotation nginx.ingress.kubernetes.io/limit-whitelist: \" , \" holds no address (expected comma-separated CIDR blocks such as 10.0.0.0/8); no client is exempt from the limits until it is fixed",
    })
    void an_invalid_value_is_reported_by_key_value_and_expectation_and_the_ingress_still_routes(String key, String value, String message) {
        // a rate of its own when the key is not one, so that there is a limit to apply the value to
        String rate = key.equals("limit-rps") ? "" : "nginx.ingress.kubernetes.io/limit-rps: \"7\"\n";
        Translation translation = translate(rate + "nginx.ingress.kubernetes.io/" + key + ": \"" + value + "\"\n"
                + "nginx.ingress.kubernetes.io/proxy-read-timeout: \"90\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        assertThat(translation.warnings()).extracting(Warning::reason).containsOnly(Warning.INVALID_ANNOTATION);
        assertThat(translation.snapshot().virtualHosts()).hasSize(1);
        assertThat(forward(translation.snapshot(), "/").policy().readTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(limit(translation.snapshot(), "/")).isNotNull();
    }

    @Test
    void limit_rate_and_limit_rate_after_are_kilobytes_as_ingress_nginx_renders_them() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/limit-rate: "100"
                nginx.ingress.kubernetes.io/limit-rate-after: "1024"
                """);

        assertThat(translation.warnings()).isEmpty();
        assertThat(forward(translation.snapshot(), "/").policy().responseRate()).isEqualTo(new ResponseRate(100 * 1024, 1024 * 1024));
        assertThat(AnnotationCatalog.find("limit-rate").support()).isEqualTo(AnnotationCatalog.Support.HONOURED);
        assertThat(AnnotationCatalog.find("limit-unknown").restricts()).isTrue();
    }

    @Test
    void limit_rate_after_without_limit_rate_limits_nothing_as_in_nginx() {
        Translation translation = translate("nginx.ingress.kubernetes.io/limit-rate-after: \"1024\"\n");

        assertThat(forward(translation.snapshot(), "/").policy().responseRate()).isNull();
    }

    @Test
    void an_unreadable_limit_rate_is_reported_and_the_answers_are_not_paced() {
        Translation translation = translate("nginx.ingress.kubernetes.io/limit-rate: \"100k\"\n");

        assertThat(forward(translation.snapshot(), "/").policy().responseRate()).isNull();
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/limit-rate: \"100k\" is not a whole number of kilobytes (expected e.g. 100, 0 for "
                + "none); using none");
    }

    private Translation translate(String annotations) {
        return translator.translate(view(service("web", 80, "10.0.0.1", 8080), annotated(annotations)));
    }

    private static String annotated(String annotations) {
        return ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n", "metadata:\n  name: web\n  annotations:\n" + annotations.indent(4));
    }

    private static RouteAction.Forward forward(RoutingSnapshot snapshot, String path) {
        return (RouteAction.Forward) snapshot.router().find("web.example", path).action();
    }

    private static RateLimit limit(RoutingSnapshot snapshot, String path) {
        return forward(snapshot, path).filters().rateLimit();
    }
}
