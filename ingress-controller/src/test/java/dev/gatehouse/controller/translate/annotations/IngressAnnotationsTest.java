package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IngressAnnotationsTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void timeouts_tries_body_size_allow_list_and_upstream_vhost_become_the_routes_settings() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/proxy-connect-timeout: "3"
                nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
                nginx.ingress.kubernetes.io/proxy-send-timeout: "30s"
                nginx.ingress.kubernetes.io/proxy-next-upstream-tries: "2"
                nginx.ingress.kubernetes.io/proxy-body-size: "8m"
                nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8, 192.168.1.7"
                nginx.ingress.kubernetes.io/upstream-vhost: "api.internal"
                """);

        assertThat(translation.warnings()).isEmpty();
        RouteAction.Forward forward = forward(translation.snapshot());
        assertThat(forward.policy().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(forward.policy().readTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(forward.policy().sendTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(forward.policy().maxAttempts()).isEqualTo(2);
        assertThat(forward.policy().maxBodyBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(forward.filters().allowedSources()).containsExactly("10.0.0.0/8", "192.168.1.7");
        assertThat(forward.filters().upstreamHost()).isEqualTo("api.internal");
    }

    @Test
    void permanent_and_temporal_redirects_app_root_deny_lists_prefix_and_aliases_become_routes_and_filters() {
        RoutingSnapshot permanent = translate("""
                nginx.ingress.kubernetes.io/permanent-redirect: "https://new.example/"
                nginx.ingress.kubernetes.io/permanent-redirect-code: "308"
                """).snapshot();
        RoutingSnapshot temporal = translate("""
                nginx.ingress.kubernetes.io/permanent-redirect: "https://new.example/"
                nginx.ingress.kubernetes.io/temporal-redirect: "https://later.example/"
                """).snapshot();
        Translation rest = translate("""
                nginx.ingress.kubernetes.io/app-root: "/app"
                nginx.ingress.kubernetes.io/denylist-source-range: "10.1.0.0/16"
                nginx.ingress.kubernetes.io/x-forwarded-prefix: "/shop"
                nginx.ingress.kubernetes.io/server-alias: "www.web.example, web.example.org"
                """);

        assertThat(permanent.router().find("web.example", "/x").action()).isEqualTo(new RouteAction.Redirect(308, "https://new.example/"));
        assertThat(temporal.router().find("web.example", "/x").action()).isEqualTo(new RouteAction.Redirect(302, "https://later.example/"));
        assertThat(rest.warnings()).isEmpty();
        assertThat(rest.snapshot().router().find("web.example", "/").action())
                .isEqualTo(new RouteAction.Redirect(302, "/app").withAbsolute(true));
        RouteAction.Forward app = (RouteAction.Forward) rest.snapshot().router().find("web.example", "/app").action();
        assertThat(app.filters().deniedSources()).containsExactly("10.1.0.0/16");
        assertThat(app.filters().requestHeaders()).containsExactly(java.util.Map.entry("x-forwarded-prefix", "/shop"));
        assertThat(rest.snapshot().router().find("web.example.org", "/app").action()).isEqualTo(app);
        assertThat(rest.snapshot().router().find("www.web.example", "/app").action()).isEqualTo(app);
    }

    @Test
    void an_allow_list_survives_on_a_host_with_tls_where_the_https_redirect_and_hsts_apply() {
        String web = ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n", "metadata:\n  name: web\n  annotations:\n"
                        + "    nginx.ingress.kubernetes.io/allowlist-source-range: \"10.0.0.0/8\"\n")
                .replaceFirst("spec:\n", "spec:\n  tls:\n  - hosts: [web.example]\n    secretName: missing\n");

        RouteAction.Forward forward = forward(translator.translate(view(service("web", 80, "10.0.0.1", 8080), web)).snapshot());

        assertThat(forward.policy().redirectToHttps()).isTrue();
        assertThat(forward.filters().allowedSources()).containsExactly("10.0.0.0/8");
    }

    @Test
    void allowlist_source_range_wins_over_its_older_name() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8"
                nginx.ingress.kubernetes.io/allowlist-source-range: "192.168.0.0/16"
                """);

        assertThat(forward(translation.snapshot()).filters().allowedSources()).containsExactly("192.168.0.0/16");
    }

    @Test
    void an_unknown_access_control_key_keeps_the_ingress_from_being_served() {
        Translation translation = translate("nginx.ingress.kubernetes.io/auth-tls-unheard-of: \"on\"\n");

        assertThat(translation.snapshot().virtualHosts()).isEmpty();
        assertThat(translation.warnings()).extracting(Warning::reason).containsOnly(Warning.UNSUPPORTED_ANNOTATION);
    }

    @Test
    void a_server_alias_never_takes_a_host_another_rule_names_or_an_older_ingress_aliases() {
        String older = ingress("older", "older.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: older\n", "metadata:\n  name: older\n  creationTimestamp: \"2025-01-01T00:00:00Z\"\n"
                        + "  annotations:\n    nginx.ingress.kubernetes.io/server-alias: \"victim.example, shared.example\"\n");
        String victim = ingress("victim", "victim.example", "Prefix", "/", "victim", 80);
        String newer = ingress("newer", "newer.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: newer\n", "metadata:\n  name: newer\n  creationTimestamp: \"2026-01-01T00:00:00Z\"\n"
                        + "  annotations:\n    nginx.ingress.kubernetes.io/server-alias: \"shared.example\"\n");

        Translation translation = translator.translate(view(service("web", 80, "10.0.0.1", 8080), service("victim", 80, "10.0.0.2", 8080),
                older, victim, newer));

        assertThat(((RouteAction.Forward) translation.snapshot().router().find("victim.example", "/").action()).cluster().service())
                .isEqualTo("victim");
        assertThat(((RouteAction.Forward) translation.snapshot().router().find("shared.example", "/").action()).cluster().service())
                .isEqualTo("web");
        assertThat(translation.warnings()).extracting(Warning::message).containsExactlyInAnyOrder(
                "ingress default/older: annotation server-alias: host \"victim.example\" is not served as an alias: a rule names it "
                        + "as its host (expected an alias no rule serves)",
                "ingress default/newer: annotation server-alias: host \"shared.example\" is not served as an alias: ingress "
                        + "default/older already aliases it (expected an alias no rule serves)");
    }

    @Test
    void gatehouses_own_key_wins_over_ingress_nginxs_and_a_body_size_of_zero_means_no_limit() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/proxy-body-size: "1m"
                gatehouse.dev/proxy-body-size: "0"
                nginx.ingress.kubernetes.io/allowlist-source-range: "172.16.0.0/12"
                """);

        assertThat(forward(translation.snapshot()).policy().maxBodyBytes()).isEqualTo(RequestPolicy.NO_LIMIT);
        assertThat(forward(translation.snapshot()).filters().allowedSources()).containsExactly("172.16.0.0/12");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "proxy-read-timeout        | soon        | ingress default/web: annotation nginx.ingress.kubernetes.io/proxy-read-timeout: \"soon\" is not a number of seconds (expected a positive integer such as 60, or a duration such as 500ms); using the default",
            "proxy-connect-timeout     | 0           | ingress default/web: annotation nginx.ingress.kubernetes.io/proxy-connect-timeout: \"0\" is not a number of seconds (expected a positive integer such as 60, or a duration such as 500ms); using the default",
            "proxy-next-upstream-tries | many        | ingress default/web: annotation nginx.ingress.kubernetes.io/proxy-next-upstream-tries: \"many\" is not a count (expected an integer such as 3, 0 for the default)",
            "proxy-body-size           | 1t          | ingress default/web: annotation nginx.ingress.kubernetes.io/proxy-body-size: \"1t\" is not a size (expected bytes or a number with k, m or g, e.g. 8m; 0 for no limit); using the default",
            "whitelist-source-range    | 10.0.0.0/99 | ingress default/web: annotation nginx.ingress.kubernetes.io/whitelist-source-range: \"10.0.0.0/99\" holds \"10.0.0.0/99\" has prefix length \"99\" (expected 0 to 32); no client is allowed until it is fixed",
            "upstream-vhost            | bad_host    | ingress default/web: annotation nginx.ingress.kubernetes.io/upstream-vhost: \"bad_host\" is not a host (expected a DNS name such as api.internal, optionally with :port); the client's Host is sent",
            "permanent-redirect        | not a url   | ingress default/web: annotation nginx.ingress.kubernetes.io/permanent-redirect: \"not a url\" is not a URL (expected an absolute http or https URL, or a path); the Ingress forwards instead",
            "app-root                  | app         | ingress default/web: annotation nginx.ingress.kubernetes.io/app-root: \"app\" is not a path (expected e.g. /app, starting with \"/\" and without spaces); not applied",
            "denylist-source-range     | office      | ingress default/web: annotation nginx.ingress.kubernetes.io/denylist-source-range: \"office\" holds \"office\" is not an IP address or CIDR block (expected e.g. 10.0.0.0/8, 192.168.1.7 or 2001:db8::/32); no client is allowed until it is fixed",
            "server-alias              | bad_alias   | ingress default/web: annotation nginx.ingress.kubernetes.io/server-alias: \"bad_alias\" holds host \"bad_alias\", which must be a DNS name (expected dot-separated labels of letters, digits and '-', each starting and ending with a letter or digit); that alias is not served",
            "app-root                  | //evil.example | ingress default/web: annotation nginx.ingress.kubernetes.io/app-root: \"//evil.example\" is not a path (expected e.g. /app, starting with \"/\" and without spaces); not applied",
            "allowlist-source-range    | ' , '       | ingress default/web: annotation nginx.ingress.kubernetes.io/allowlist-source-range: \" , \" holds no address (expected comma-separated CIDR blocks such as 10.0.0.0/8); no client is allowed until it is fixed",
            "proxy-body-size           | 999999999999g | ingress default/web: annotation nginx.ingress.kubernetes.io/proxy-body-size: \"999999999999g\" is too large (expected at most 8589934591g); using the default",
            "ssl-redirect              | sometimes   | ingress default/web: annotation nginx.ingress.kubernetes.io/ssl-redirect: \"sometimes\" is not a boolean (expected \"true\" or \"false\"; using true)",
    })
    void an_invalid_value_is_reported_by_key_value_and_expectation_and_the_ingress_still_routes(String key, String value, String message) {
        Translation translation = translate("nginx.ingress.kubernetes.io/" + key + ": \"" + value + "\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(message);
        assertThat(translation.snapshot().virtualHosts()).hasSize(1);
    }

    @Test
    void a_snippet_is_refused_with_a_warning_and_the_rest_of_the_ingress_is_served() {
        Translation translation = translate("""
                nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers 'X: y';"
                nginx.ingress.kubernetes.io/server-snippet: "location /x { return 200; }"
                nginx.ingress.kubernetes.io/proxy-read-timeout: "90"
                """);

        assertThat(translation.warnings()).extracting(Warning::reason).containsExactly(Warning.REFUSED_ANNOTATION,
                Warning.REFUSED_ANNOTATION);
        assertThat(translation.warnings().get(0).message()).isEqualTo("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/configuration-snippet is refused: it injects proxy configuration text, and Gatehouse "
                + "has no configuration text to inject into; the rest of the Ingress is served (if the snippet restricted access, use "
                + "the annotation for it, such as allowlist-source-range)");
        assertThat(forward(translation.snapshot()).policy().readTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void an_unknown_key_is_reported_with_the_closest_known_one() {
        Translation translation = translate("nginx.ingress.kubernetes.io/proxy-read-timout: \"90\"\n");

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/proxy-read-timout is not a key Gatehouse knows (expected e.g. "
                + "nginx.ingress.kubernetes.io/proxy-read-timeout)");
    }

    @Test
    void access_control_not_read_yet_keeps_the_ingress_from_being_served_and_other_keys_only_warn() {
        String restricting = AnnotationCatalog.keys().stream()
                .filter(key -> key.support() == AnnotationCatalog.Support.NOT_YET && key.restricts())
                .findFirst().orElseThrow().name();
        Translation guarded = translate("nginx.ingress.kubernetes.io/" + restricting + ": \"default/ca\"\n");
        String notYet = AnnotationCatalog.keys().stream()
                .filter(key -> key.support() == AnnotationCatalog.Support.NOT_YET && !key.restricts())
                .findFirst().orElseThrow().name();
        Translation decorated = translate("nginx.ingress.kubernetes.io/" + notYet + ": \"true\"\n");

        assertThat(guarded.snapshot().virtualHosts()).isEmpty();
        assertThat(guarded.ingresses()).isEmpty();
        assertThat(guarded.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/" + restricting + " is not read by this version of Gatehouse; the Ingress is not served, rather "
                + "than served without it");
        assertThat(decorated.snapshot().virtualHosts()).hasSize(1);
        assertThat(decorated.warnings()).extracting(Warning::reason).containsExactly(Warning.UNSUPPORTED_ANNOTATION);
    }

    @Test
    void gatehouse_keys_of_other_features_are_not_unknown() {
        assertThat(translate("gatehouse.dev/ttl: \"60\"\ngatehouse.dev/hostname: \"extra.example\"\n").warnings()).isEmpty();
    }

    @Test
    void every_key_of_the_catalogue_has_a_meaning_and_the_honoured_ones_a_type_and_default() {
        assertThat(AnnotationCatalog.keys()).allSatisfy(key -> assertThat(key.meaning()).isNotBlank());
        assertThat(AnnotationCatalog.keys()).filteredOn(key -> key.support() == AnnotationCatalog.Support.HONOURED)
                .allSatisfy(key -> assertThat(List.of(key.type(), key.fallback())).doesNotContain(""));
        assertThat(AnnotationCatalog.find("lua-snippet").support()).isEqualTo(AnnotationCatalog.Support.REFUSED);
    }

    @Test
    void docs_annotations_md_names_every_key_of_the_catalogue() throws java.io.IOException {
        String docs = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "annotations.md"));

        assertThat(AnnotationCatalog.keys()).allSatisfy(key -> assertThat(docs).contains("`" + key.name() + "`"));
    }

    @Test
    void satisfy_any_lets_one_access_check_stand_for_all_and_all_is_the_default() {
        RoutingSnapshot any = translate("nginx.ingress.kubernetes.io/satisfy: \"any\"\n"
                + "nginx.ingress.kubernetes.io/allowlist-source-range: \"10.0.0.0/8\"\n").snapshot();
        RoutingSnapshot all = translate("nginx.ingress.kubernetes.io/satisfy: \"all\"\n").snapshot();
        RoutingSnapshot unset = translate("nginx.ingress.kubernetes.io/allowlist-source-range: \"10.0.0.0/8\"\n").snapshot();

        assertThat(forward(any).filters().satisfyAny()).isTrue();
        assertThat(forward(all).filters().satisfyAny()).isFalse();
        assertThat(forward(unset).filters().satisfyAny()).isFalse();
    }

    @Test
    void a_satisfy_value_other_than_any_or_all_is_reported_and_every_check_must_pass() {
        Translation translation = translate("nginx.ingress.kubernetes.io/satisfy: \"Any\"\n");

        assertThat(forward(translation.snapshot()).filters().satisfyAny()).isFalse();
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "nginx.ingress.kubernetes.io/satisfy: \"Any\" is not \"any\" or \"all\"; every access check must pass (all) "
                + "until it is fixed");
    }

    @Test
    void satisfy_any_never_lets_credentials_stand_in_for_an_allow_list_that_cannot_be_read() {
        Translation translation = translate("nginx.ingress.kubernetes.io/satisfy: \"any\"\n"
                + "nginx.ingress.kubernetes.io/allowlist-source-range: \"10.0.0.0/88\"\n");

        assertThat(forward(translation.snapshot()).filters().allowedSources()).containsExactly("0.0.0.0/32");
        assertThat(forward(translation.snapshot()).filters().satisfyAny()).isFalse();
    }

    private Translation translate(String annotations) {
        String web = ingress("web", "web.example", "Prefix", "/", "web", 80)
                .replaceFirst("metadata:\n  name: web\n", "metadata:\n  name: web\n  annotations:\n" + annotations.indent(4));
        ClusterView world = view(service("web", 80, "10.0.0.1", 8080), web);
        return translator.translate(world);
    }

    private static RouteAction.Forward forward(RoutingSnapshot snapshot) {
        return (RouteAction.Forward) snapshot.router().find("web.example", "/").action();
    }
}
