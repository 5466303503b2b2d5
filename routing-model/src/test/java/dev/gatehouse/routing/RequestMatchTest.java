package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Routes that require a method, headers or query parameters besides their path (Gateway API's HTTPRoute matches), on the
 * compiled router. Each route forwards to a cluster named after what it requires.
 */
class RequestMatchTest {

    private final Router router = router(
            route("/api", RequestMatch.ANY, "plain"),
            route("/api", new RequestMatch(null, List.of(ValueMatch.exact("x-version", "2")), List.of()), "v2"),
            route("/api", new RequestMatch(null, List.of(ValueMatch.exact("x-version", "2"), ValueMatch.regex("x-tier", "gold|platinum")),
                    List.of()), "v2-premium"),
            route("/api", new RequestMatch("POST", List.of(), List.of()), "writes"),
            route("/api", new RequestMatch(null, List.of(), List.of(ValueMatch.exact("canary", "yes"))), "canary"));

    @ParameterizedTest(name = "{0} {1} with headers [{2}] goes to {3}")
    @CsvSource(delimiter = '|', value = {
            "GET  | /api            |                             | plain",
            "GET  | /api            | x-version=2                 | v2",
            "GET  | /api            | x-version=3                 | plain",
            "GET  | /api            | x-version=2,x-tier=gold     | v2-premium",
            "GET  | /api            | x-version=2,x-tier=golden   | v2",
            "POST | /api            | x-version=2,x-tier=gold     | writes",
            "GET  | /api?canary=yes | x-version=2                 | v2",
            "GET  | /api?canary=yes |                             | canary",
            "GET  | /api?canary=no  |                             | plain",
            "GET  | /api?canaryx=yes|                             | plain",
            "GET  | /api?a=1&canary=yes#frag |                    | canary",
    })
    void aRequestGoesToTheMostSpecificRouteWhoseMatchesItSatisfies(String method, String target, String headers, String expected) {
        assertThat(clusterOf(router.find("api.example", target, view(method, headers)))).isEqualTo(expected);
    }

    @Test
    void withoutTheRequestsHeadersOnlyRoutesThatRequireNothingButAPathMatch() {
        assertThat(clusterOf(router.find("api.example", "/api?canary=yes"))).isEqualTo("plain");
    }

    @Test
    void aRouteThatOnlyHasConditionsLeavesOtherRequestsToTheNextHostStep() {
        Router conditional = router(route("/", new RequestMatch("GET", List.of(), List.of()), "gets-only"));

        assertThat(conditional.find("api.example", "/", view("DELETE", null)).name()).isEqualTo("none");
        assertThat(clusterOf(conditional.find("api.example", "/", view("GET", null)))).isEqualTo("gets-only");
    }

    @Test
    void aRegexValueMustMatchTheWholeHeaderValue() {
        Router anchored = router(route("/", new RequestMatch(null, List.of(ValueMatch.regex("x-env", "prod")), List.of()), "prod"));

        assertThat(anchored.find("api.example", "/", view("GET", "x-env=preprod")).name()).isEqualTo("none");
        assertThat(clusterOf(anchored.find("api.example", "/", view("GET", "x-env=prod")))).isEqualTo("prod");
    }

    @ParameterizedTest(name = "query {0}: {1} is {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "/p?a=1&a=2     | a  | 1",
            "/p?flag        | flag | ''",
            "/p?flag&x=1    | flag | ''",
            "/p?x=1         | a  | NULL",
            "/p             | a  | NULL",
            "/p?ab=1        | a  | NULL",
            "/p?a=1#a=2     | a  | 1",
            "/p?a=%41       | a  | %41",
            "/p?=1&a=        | a  | ''",
    })
    void theFirstQueryParameterOfANameIsTheOneMatchedAsSent(String target, String name, String expected) {
        assertThat(RequestTarget.queryParameter(target, name)).isEqualTo(expected);
    }

    @Test
    void aBrokenOrHugeExpressionIsRefusedWithTheHeaderItWasFor() {
        assertThatThrownBy(() -> ValueMatch.regex("x-env", "(unclosed"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x-env").hasMessageContaining("(unclosed");
        assertThatThrownBy(() -> ValueMatch.regex("x-env", "a".repeat(ValueMatch.MAX_VALUE + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        assertThatThrownBy(() -> new RequestMatch("get", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("upper-case");
        assertThatThrownBy(() -> new RequestMatch(null, List.of(ValueMatch.exact("X-Env", "a")), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower case");
    }

    @Test
    void twoMatchesOfTheSameTextAreTheSameRule() {
        assertThat(new RequestMatch(null, List.of(ValueMatch.regex("x-a", "b+")), List.of()))
                .isEqualTo(new RequestMatch(null, List.of(ValueMatch.regex("x-a", "b+")), List.of()))
                .isNotEqualTo(new RequestMatch(null, List.of(ValueMatch.exact("x-a", "b+")), List.of()));
    }

    private static RequestView view(String method, String headers) {
        Map<String, String> values = new HashMap<>();
        if (headers != null) {
            for (String pair : headers.split(",")) {
                String[] parts = pair.split("=", 2);
                values.put(parts[0], parts[1]);
            }
        }
        return new RequestView() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public String header(String name) {
                return values.get(name);
            }
        };
    }

    private static Route route(String path, RequestMatch match, String cluster) {
        return new Route("api.example:" + path + " " + cluster, PathMatch.prefix(path),
                new RouteAction.Forward(new ClusterName("test", cluster, "80")), 0, match);
    }

    private static Router router(Route... routes) {
        List<Cluster> clusters = new ArrayList<>();
        for (Route route : routes) {
            clusters.add(new Cluster(((RouteAction.Forward) route.action()).cluster(), List.of()));
        }
        Route none = new Route("none", PathMatch.prefix("/"), new RouteAction.DirectResponse(404, "none\n"));
        return RoutingSnapshot.of(0, List.of(new VirtualHost(HostPattern.of("api.example"), List.of(routes))), clusters, none).router();
    }

    private static String clusterOf(Route route) {
        return ((RouteAction.Forward) route.action()).cluster().service();
    }
}
