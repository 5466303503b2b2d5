package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regex paths (ingress-nginx's use-regex) in the router: how they match and in which order a host tries them. */
class RegexRoutesTest {

    private static final ClusterName WEB = new ClusterName("default", "web", "80");

    private final Router router = RoutingSnapshot.of(0, List.of(new VirtualHost(HostPattern.of("web.example"), List.of(
                    route("short", PathMatch.regex("/foo/bar/")),
                    route("three", PathMatch.regex("/foo/bar/[A-Z0-9]{3}")),
                    route("bar", PathMatch.regex("/foo/bar/bar")),
                    route("any", PathMatch.regex("/")),
                    route("root", PathMatch.exact("/")),
                    route("label", PathMatch.begins("/foo/bar/baz"))))),
            List.of(new Cluster(WEB, List.of())), null).router();

    @ParameterizedTest(name = "{0} goes to {1}")
    @CsvSource(delimiterString = " | ", value = {
            // the longest expression first, whatever it matches: ingress-nginx's own warning case
            "/foo/bar/bar        | three",
            "/foo/bar/ABC/more   | three",
            "/FOO/BAR/ab         | short",
            // an exact or prefix route of the host is tried before its regex routes
            "/                   | root",
            "/foo/bar/baz        | label",
            "/foo/bar/bazooka    | label",
            // anchored at the start only
            "/x/foo/bar/         | any",
            "/foo/ba             | any",
    })
    void regex_routes_match_case_insensitively_from_the_start_longest_expression_first(String path, String route) {
        assertThat(router.find("web.example", path).name()).isEqualTo(route);
    }

    @Test
    void a_regex_route_matches_the_normalized_path_so_dot_segments_cannot_reach_around_it() {
        Router admin = RoutingSnapshot.of(0, List.of(new VirtualHost(HostPattern.of("web.example"), List.of(
                        route("public", PathMatch.regex("/public/.*")), route("admin", PathMatch.regex("/admin"))))),
                List.of(new Cluster(WEB, List.of())), null).router();

        assertThat(admin.find("web.example", "/public/../admin").name()).isEqualTo("admin");
        assertThat(admin.find("web.example", "/public/%2e%2e/admin?x").name()).isEqualTo("admin");
    }

    @Test
    void regex_matches_are_the_same_rule_when_their_expressions_are_the_same_text() {
        assertThat(PathMatch.regex("/a(b)?")).isEqualTo(PathMatch.regex("/a(b)?")).hasSameHashCodeAs(PathMatch.regex("/a(b)?"))
                .isNotEqualTo(PathMatch.regex("/a(c)?")).isNotEqualTo(PathMatch.prefix("/a(b)?"));
        assertThat(PathMatch.regex("/a(b)?")).hasToString("Regex /a(b)?");
    }

    @Test
    void an_expression_that_is_not_re2_or_not_a_path_is_refused_with_what_is_wrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> PathMatch.regex("/a(")).withMessage("missing closing ): `/a(`");
        assertThatIllegalArgumentException().isThrownBy(() -> PathMatch.regex("/(a)\\1"))
                .withMessage("invalid escape sequence: `\\1`");
        assertThatIllegalArgumentException().isThrownBy(() -> PathMatch.regex("api")).withMessage("path \"api\" must start with \"/\"");
    }

    @Test
    void a_regex_rewrite_refers_only_to_groups_its_path_has_and_is_a_path_template() {
        PathMatch path = PathMatch.regex("/something(/|$)(.*)");

        assertThat(PathRewrite.regex(path, "/$2").replacement()).isEqualTo("/$2");
        assertThatIllegalArgumentException().isThrownBy(() -> PathRewrite.regex(path, "/$3"))
                .withMessage("rewrite template \"/$3\" refers to $3, but path /something(/|$)(.*) has 2 capture groups");
        assertThatIllegalArgumentException().isThrownBy(() -> PathRewrite.regex(path, "$2"))
                .withMessage("rewrite template \"$2\" must start with \"/\", have no spaces, control characters or \"#\", and use \"$\" "
                        + "only before a group number 1-9");
        assertThatIllegalArgumentException().isThrownBy(() -> PathRewrite.regex(PathMatch.prefix("/a"), "/$1"))
                .withMessage("a regex rewrite needs a regex path match and no prefix");
        assertThat(PathRewrite.highestGroup("/$1/x/$2?q=$1")).isEqualTo(2);
        assertThat(PathRewrite.highestGroup("/plain")).isZero();
        assertThat(PathRewrite.highestGroup("/$12")).isEqualTo(1);
        assertThat(PathRewrite.highestGroup("/$0")).isEqualTo(-1);
        assertThat(PathRewrite.highestGroup("/$")).isEqualTo(-1);
        assertThat(PathRewrite.highestGroup("/a\tb")).isEqualTo(-1);
    }

    @Test
    void a_host_redirect_names_a_host_only() {
        assertThat(RouteAction.Redirect.toHost(308, "web.example").location()).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> RouteAction.Redirect.toHost(308, "evil.example/x"))
                .withMessage("redirect host \"evil.example/x\" must be a lower-case host name, without a location");
        assertThatIllegalArgumentException().isThrownBy(() -> new RouteAction.Redirect(308, "/x", "web.example", false))
                .withMessage("redirect host \"web.example\" must be a lower-case host name, without a location");
    }

    private static Route route(String name, PathMatch path) {
        return new Route(name, path, new RouteAction.Forward(WEB));
    }
}
