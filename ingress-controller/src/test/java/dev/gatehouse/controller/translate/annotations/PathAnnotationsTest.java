package dev.gatehouse.controller.translate.annotations;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static dev.gatehouse.controller.testing.Manifests.service;
import static dev.gatehouse.controller.testing.Manifests.view;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.PathType;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import java.util.Arrays;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** use-regex, rewrite-target and from-to-www-redirect, from Ingresses to routes. */
class PathAnnotationsTest {

    private final IngressTranslator translator = new IngressTranslator(TranslatorSettings.defaults());

    @Test
    void use_regex_makes_an_implementation_specific_path_a_case_insensitive_regex_anchored_at_the_start_only() {
        Translation translation = translate(annotated("web", "web.example", "ImplementationSpecific", "/api/v[0-9]+",
                "nginx.ingress.kubernetes.io/use-regex: \"true\""));

        assertThat(translation.warnings()).isEmpty();
        RoutingSnapshot snapshot = translation.snapshot();
        assertThat(snapshot.router().find("web.example", "/API/V2/users?x=1").name()).isEqualTo("default/web Regex /api/v[0-9]+");
        assertThat(snapshot.router().find("web.example", "/api/v2").path()).isEqualTo(PathMatch.regex("/api/v[0-9]+"));
        assertThat(snapshot.router().find("web.example", "/x/api/v2").name()).isNotEqualTo("default/web Regex /api/v[0-9]+");
        assertThat(snapshot.router().find("web.example", "/api/vx").name()).isNotEqualTo("default/web Regex /api/v[0-9]+");
    }

    @Test
    void regex_on_one_ingress_of_a_host_makes_every_path_of_every_ingress_of_that_host_a_regex() {
        String older = ingress("a", "web.example", "Exact", "/exact", "web", 80)
                + "---\n" + ingress("b", "web.example", "Prefix", "/v1.0/", "web", 80)
                + "---\n" + ingress("c", "other.example", "Prefix", "/plain", "web", 80);
        Translation translation = translate(older, annotated("d", "web.example", "ImplementationSpecific", "/regex",
                "nginx.ingress.kubernetes.io/use-regex: \"true\""));

        assertThat(translation.warnings()).isEmpty();
        VirtualHost web = host(translation.snapshot(), "web.example");
        // longest expression first, then by name
        assertThat(web.routes()).extracting(Route::path).containsExactly(PathMatch.regex("/exact"), PathMatch.regex("/v1.0/"),
                PathMatch.regex("/regex"));
        assertThat(translation.snapshot().router().find("web.example", "/EXACT/more").name()).isEqualTo("default/a Regex /exact");
        assertThat(translation.snapshot().router().find("web.example", "/v1x0/y").name()).isEqualTo("default/b Regex /v1.0/");
        assertThat(host(translation.snapshot(), "other.example").routes()).extracting(route -> route.path().type())
                .containsExactly(PathType.PREFIX);
    }

    @Test
    void rewrite_target_makes_the_hosts_paths_regexes_and_rewrites_each_with_its_own_groups() {
        Translation translation = translate(annotated("web", "web.example", "ImplementationSpecific", "/something(/|$)(.*)",
                "nginx.ingress.kubernetes.io/rewrite-target: /$2"));

        assertThat(translation.warnings()).isEmpty();
        RouteAction.Forward forward = (RouteAction.Forward) translation.snapshot().router().find("web.example", "/something/new").action();
        assertThat(forward.filters().pathRewrite()).isEqualTo(PathRewrite.regex(PathMatch.regex("/something(/|$)(.*)"), "/$2"));
    }

    @Test
    void a_rewrite_target_that_is_the_path_itself_rewrites_nothing_as_in_ingress_nginx() {
        Translation translation = translate(annotated("web", "web.example", "Prefix", "/app", "nginx.ingress.kubernetes.io/rewrite-target: /app"));

        RouteAction.Forward forward = (RouteAction.Forward) translation.snapshot().router().find("web.example", "/APP/x").action();
        assertThat(translation.warnings()).isEmpty();
        assertThat(forward.filters().pathRewrite()).isNull();
    }

    @Test
    void gatehouse_keys_win_over_ingress_nginx_keys() {
        Translation translation = translate(annotated("web", "web.example", "Prefix", "/app", """
                nginx.ingress.kubernetes.io/use-regex: "true"
                gatehouse.dev/use-regex: "false"
                """));

        assertThat(translation.warnings()).isEmpty();
        assertThat(translation.snapshot().router().find("web.example", "/app").path()).isEqualTo(PathMatch.prefix("/app"));
    }

    @Test
    void from_to_www_redirect_redirects_the_other_host_both_ways_with_308_unless_something_routes_it() {
        Translation translation = translate(
                annotated("apex", "web.example", "Prefix", "/", "nginx.ingress.kubernetes.io/from-to-www-redirect: \"true\""),
                annotated("www", "www.shop.example", "Prefix", "/", "nginx.ingress.kubernetes.io/from-to-www-redirect: \"true\""),
                annotated("both", "blog.example", "Prefix", "/", "nginx.ingress.kubernetes.io/from-to-www-redirect: \"true\""),
                ingress("www-blog", "www.blog.example", "Prefix", "/", "web", 80));

        RoutingSnapshot snapshot = translation.snapshot();
        assertThat(snapshot.router().find("www.web.example", "/a?b").action()).isEqualTo(RouteAction.Redirect.toHost(308, "web.example"));
        assertThat(snapshot.router().find("shop.example", "/a").action()).isEqualTo(RouteAction.Redirect.toHost(308, "www.shop.example"));
        assertThat(snapshot.router().find("www.blog.example", "/").name()).isEqualTo("default/www-blog Prefix /");
        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/both: annotation "
                + "from-to-www-redirect: host \"www.blog.example\" is not redirected to \"blog.example\": it is routed by a rule of its "
                + "own (expected a host nothing else routes)");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiterString = " | ", value = {
            "use-regex: \"yes\"                  | Prefix                 | /            | ingress default/web: annotation nginx.ingress.kubernetes.io/use-regex: \"yes\" is not a boolean (expected \"true\" or \"false\"); using false",
            "from-to-www-redirect: \"on\"        | Prefix                 | /            | ingress default/web: annotation nginx.ingress.kubernetes.io/from-to-www-redirect: \"on\" is not a boolean (expected \"true\" or \"false\"); using false",
            "rewrite-target: \"\"                | Prefix                 | /            | ingress default/web: annotation nginx.ingress.kubernetes.io/rewrite-target: \"\" is empty (expected a path such as /$2); not applied",
            "use-regex: \"true\"                 | ImplementationSpecific | /a(          | ingress default/web: spec.rules[0].http.paths[0]: path \"/a(\" is not a regular expression (missing closing ): `/a(`), and every path of host \"web.example\" is one, since ingress default/web sets use-regex or rewrite-target on it (expected RE2 syntax); the path is not served",
            "use-regex: \"true\"                 | ImplementationSpecific | /a(?=b)      | ingress default/web: spec.rules[0].http.paths[0]: path \"/a(?=b)\" is not a regular expression (invalid or unsupported Perl syntax: `(?=`), and every path of host \"web.example\" is one, since ingress default/web sets use-regex or rewrite-target on it (expected RE2 syntax); the path is not served",
            "use-regex: \"true\"                 | ImplementationSpecific | /(a{1000}){2} | ingress default/web: spec.rules[0].http.paths[0]: path \"/(a{1000}){2}\" is too large a regular expression (2007 instructions; expected at most 1000), and every path of host \"web.example\" is one, since ingress default/web sets use-regex or rewrite-target on it; the path is not served",
            "rewrite-target: /$3                 | ImplementationSpecific | /s(/|$)(.*)  | ingress default/web: spec.rules[0].http.paths[0]: path \"/s(/|$)(.*)\" has 2 capture groups, but the Ingress's annotation rewrite-target \"/$3\" uses $3 (expected a path with each group the target uses); the path is not served",
            "rewrite-target: /$1                 | Prefix                 | /api         | ingress default/web: spec.rules[0].http.paths[0]: path \"/api\" has 0 capture groups, but the Ingress's annotation rewrite-target \"/$1\" uses $1 (expected a path with each group the target uses); the path is not served",
            "rewrite-target: new/$1              | ImplementationSpecific | /(.*)        | ingress default/web: annotation nginx.ingress.kubernetes.io/rewrite-target: \"new/$1\" is not a rewrite target (expected a path starting with \"/\", without spaces, with $1 to $9 for the path's capture groups, e.g. /$2); the Ingress's paths are not served, rather than served unrewritten && ingress default/web: spec.rules[0].http.paths[0]: path \"/(.*)\" is not served: the Ingress's annotation rewrite-target cannot be used",
            "rewrite-target: /$0                 | ImplementationSpecific | /(.*)        | ingress default/web: annotation nginx.ingress.kubernetes.io/rewrite-target: \"/$0\" is not a rewrite target (expected a path starting with \"/\", without spaces, with $1 to $9 for the path's capture groups, e.g. /$2); the Ingress's paths are not served, rather than served unrewritten && ingress default/web: spec.rules[0].http.paths[0]: path \"/(.*)\" is not served: the Ingress's annotation rewrite-target cannot be used",
            "rewrite-target: /$host$1            | ImplementationSpecific | /(.*)        | ingress default/web: annotation nginx.ingress.kubernetes.io/rewrite-target: \"/$host$1\" is not a rewrite target (expected a path starting with \"/\", without spaces, with $1 to $9 for the path's capture groups, e.g. /$2); the Ingress's paths are not served, rather than served unrewritten && ingress default/web: spec.rules[0].http.paths[0]: path \"/(.*)\" is not served: the Ingress's annotation rewrite-target cannot be used",
            "rewrite-target: /end$               | ImplementationSpecific | /(.*)        | ingress default/web: annotation nginx.ingress.kubernetes.io/rewrite-target: \"/end$\" is not a rewrite target (expected a path starting with \"/\", without spaces, with $1 to $9 for the path's capture groups, e.g. /$2); the Ingress's paths are not served, rather than served unrewritten && ingress default/web: spec.rules[0].http.paths[0]: path \"/(.*)\" is not served: the Ingress's annotation rewrite-target cannot be used",
            "rewrite-target: \"/a b/$1\"         | ImplementationSpecific | /(.*)        | ingress default/web: annotation nginx.ingress.kubernetes.io/rewrite-target: \"/a b/$1\" is not a rewrite target (expected a path starting with \"/\", without spaces, with $1 to $9 for the path's capture groups, e.g. /$2); the Ingress's paths are not served, rather than served unrewritten && ingress default/web: spec.rules[0].http.paths[0]: path \"/(.*)\" is not served: the Ingress's annotation rewrite-target cannot be used",
            "rewrite-target: \"/$1#top\"         | ImplementationSpecific | /(.*)        | ingress default/web: annotation nginx.ingress.kubernetes.io/rewrite-target: \"/$1#top\" is not a rewrite target (expected a path starting with \"/\", without spaces, with $1 to $9 for the path's capture groups, e.g. /$2); the Ingress's paths are not served, rather than served unrewritten && ingress default/web: spec.rules[0].http.paths[0]: path \"/(.*)\" is not served: the Ingress's annotation rewrite-target cannot be used",
            "rewrite-target: https://x.example/$1 | ImplementationSpecific | /(.*)       | ingress default/web: annotation nginx.ingress.kubernetes.io/rewrite-target: \"https://x.example/$1\" is not a rewrite target (expected a path starting with \"/\", without spaces, with $1 to $9 for the path's capture groups, e.g. /$2); the Ingress's paths are not served, rather than served unrewritten && ingress default/web: spec.rules[0].http.paths[0]: path \"/(.*)\" is not served: the Ingress's annotation rewrite-target cannot be used",
    })
    void an_invalid_value_is_reported_by_key_value_and_expectation(String annotation, String pathType, String path, String messages) {
        Translation translation = translate(annotated("web", "web.example", pathType, path, "nginx.ingress.kubernetes.io/" + annotation));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly(Arrays.stream(messages.split(" && "))
                .map(String::trim).toArray(String[]::new));
    }

    @Test
    void an_invalid_value_falls_back_while_the_other_settings_of_the_ingress_still_apply() {
        Translation translation = translate(annotated("web", "web.example", "Prefix", "/app", """
                nginx.ingress.kubernetes.io/use-regex: "maybe"
                nginx.ingress.kubernetes.io/proxy-body-size: "1k"
                """));

        RouteAction.Forward forward = (RouteAction.Forward) translation.snapshot().router().find("web.example", "/app").action();
        assertThat(forward.policy().maxBodyBytes()).isEqualTo(1024);
        assertThat(translation.snapshot().router().find("web.example", "/app").path()).isEqualTo(PathMatch.prefix("/app"));
    }

    @Test
    void a_path_of_another_ingress_that_is_no_regex_is_not_served_on_a_regex_host_and_the_warning_names_why() {
        Translation translation = translate(ingress("a", "web.example", "Prefix", "/a(", "web", 80),
                annotated("b", "web.example", "ImplementationSpecific", "/b", "nginx.ingress.kubernetes.io/use-regex: \"true\""));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/a: spec.rules[0].http.paths[0]: "
                + "path \"/a(\" is not a regular expression (missing closing ): `/a(`), and every path of host \"web.example\" is one, "
                + "since ingress default/b sets use-regex or rewrite-target on it (expected RE2 syntax); the path is not served");
        assertThat(host(translation.snapshot(), "web.example").routes()).extracting(Route::name).containsExactly("default/b Regex /b");
    }

    @Test
    void a_wildcard_host_has_no_www_form_and_is_reported() {
        Translation translation = translate(annotated("web", "*.web.example", "Prefix", "/",
                "nginx.ingress.kubernetes.io/from-to-www-redirect: \"true\""));

        assertThat(translation.warnings()).extracting(Warning::message).containsExactly("ingress default/web: annotation "
                + "from-to-www-redirect: host \"*.web.example\" is a wildcard, so it has no www form (expected a host name); not applied to it");
        assertThat(translation.snapshot().virtualHosts()).hasSize(1);
    }

    private Translation translate(String... ingresses) {
        return translator.translate(view(service("web", 80, "10.0.0.1", 8080), String.join("---\n", ingresses)));
    }

    private static String annotated(String name, String host, String pathType, String path, String annotations) {
        return ingress(name, host, pathType, path, "web", 80).replaceFirst("metadata:\n  name: " + name + "\n",
                Matcher.quoteReplacement("metadata:\n  name: " + name + "\n  annotations:\n" + annotations.strip().indent(4)));
    }

    private static VirtualHost host(RoutingSnapshot snapshot, String name) {
        return snapshot.virtualHosts().stream().filter(host -> host.host().toString().equals(name)).findFirst().orElseThrow();
    }
}
