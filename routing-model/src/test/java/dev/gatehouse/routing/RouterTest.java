package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The precedence rules of the Ingress specification, on the compiled router. Each route is named after
 * the cluster it forwards to, so a case reads as "this request goes there".
 */
class RouterTest {

    /** host, path type, path, cluster; the conformance suite's path and host fixtures and a few more. */
    private static final String[][] RULES = {
            {"exact-path-rules", "Exact", "/foo", "foo-exact"},
            {"prefix-path-rules", "Prefix", "/foo", "foo-prefix"},
            {"prefix-path-rules", "Prefix", "/aaa/bbb", "aaa-slash-bbb-prefix"},
            {"prefix-path-rules", "Prefix", "/aaa", "aaa-prefix"},
            {"mixed-path-rules", "Prefix", "/foo", "foo-prefix"},
            {"mixed-path-rules", "Exact", "/foo", "foo-exact"},
            {"trailing-slash-path-rules", "Prefix", "/aaa/bbb/", "aaa-slash-bbb-slash-prefix"},
            {"trailing-slash-path-rules", "Exact", "/foo/", "foo-slash-exact"},
            {"*.foo.com", "Prefix", "/", "wildcard-foo-com"},
            {"foo.bar.com", "Prefix", "/", "foo-bar-com"},
            {"a.foo.com", "Prefix", "/only", "a-foo-com-only"},
            {"root.example", "Exact", "/", "root-exact"},
            {"root.example", "Prefix", "/", "root-prefix"},
            {"", "Prefix", "/hostless", "hostless"},
            {"haproxy.example", "Begins", "/api", "api-begins"},
            {"haproxy.example", "BeginsIgnoreCase", "/Docs", "docs-any-case"},
    };

    private final Router router = snapshot(RULES, "catch-all").router();

    @ParameterizedTest(name = "{0}{1} goes to {2}")
    @CsvSource(delimiter = '|', value = {
            "exact-path-rules          | /foo          | foo-exact",
            "exact-path-rules          | /foo/         | catch-all",
            "exact-path-rules          | /FOO          | catch-all",
            "exact-path-rules          | /bar          | catch-all",
            "prefix-path-rules         | /foo          | foo-prefix",
            "prefix-path-rules         | /foo/         | foo-prefix",
            "prefix-path-rules         | /FOO          | catch-all",
            "prefix-path-rules         | /aaa/bbb      | aaa-slash-bbb-prefix",
            "prefix-path-rules         | /aaa/bbb/ccc  | aaa-slash-bbb-prefix",
            "prefix-path-rules         | /aaa/ccc      | aaa-prefix",
            "prefix-path-rules         | /aaaccc       | catch-all",
            "prefix-path-rules         | /aaa/bbbccc   | aaa-prefix",
            "mixed-path-rules          | /foo          | foo-exact",
            "mixed-path-rules          | /foo/bar      | foo-prefix",
            "trailing-slash-path-rules | /aaa/bbb      | aaa-slash-bbb-slash-prefix",
            "trailing-slash-path-rules | /aaa/bbb/     | aaa-slash-bbb-slash-prefix",
            "trailing-slash-path-rules | /foo          | catch-all",
            "trailing-slash-path-rules | /foo/         | foo-slash-exact",
            "foo.bar.com               | /             | foo-bar-com",
            "FOO.BAR.COM:8080          | /x            | foo-bar-com",
            "subdomain.bar.com         | /             | catch-all",
            "bar.foo.com               | /             | wildcard-foo-com",
            "baz.bar.foo.com           | /             | catch-all",
            "foo.com                   | /             | catch-all",
            "a.foo.com                 | /only         | a-foo-com-only",
            "a.foo.com                 | /other        | wildcard-foo-com",
            "root.example              | /             | root-exact",
            "root.example              | /x            | root-prefix",
            "unknown.example           | /hostless/x   | hostless",
            "foo.bar.com               | /hostless     | foo-bar-com",
            "exact-path-rules          | /hostless     | hostless",
            "''                        | /hostless     | hostless",
            "exact-path-rules          | /foo?q=1      | foo-exact",
            "prefix-path-rules         | /bar/../foo   | foo-prefix",
            "haproxy.example           | /apiary       | api-begins",
            "haproxy.example           | /API          | catch-all",
            "haproxy.example           | /docs/x       | docs-any-case",
            "haproxy.example           | /DOCS         | docs-any-case",
            "haproxy.example           | /dOcSuments   | docs-any-case",
            "haproxy.example           | /doc          | catch-all",
    })
    void a_request_goes_to_the_route_the_ingress_specification_gives_it(String host, String target, String expected) {
        assertThat(clusterOf(router.find(host, target))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}{1} gets the built-in 404")
    @CsvSource({"nothing.example,/", "'',/"})
    void without_a_default_backend_unmatched_requests_get_the_built_in_404(String host, String target) {
        Router plain = snapshot(new String[][] {{"web.example", "Exact", "/", "web"}}, null).router();

        Route route = plain.find(host, target);

        assertThat(route.action()).isEqualTo(new RouteAction.DirectResponse(404,
                "404 Not Found: no Ingress rule matches this host and path\n"));
    }

    private static String clusterOf(Route route) {
        return ((RouteAction.Forward) route.action()).cluster().service();
    }

    static RoutingSnapshot snapshot(String[][] rules, String fallbackService) {
        Map<HostPattern, List<Route>> byHost = new LinkedHashMap<>();
        Map<ClusterName, Cluster> clusters = new LinkedHashMap<>();
        for (String[] rule : rules) {
            ClusterName cluster = new ClusterName("test", rule[3], "80");
            clusters.put(cluster, new Cluster(cluster, List.of()));
            PathMatch path = switch (rule[1]) {
                case "Exact" -> PathMatch.exact(rule[2]);
                case "Begins" -> PathMatch.begins(rule[2]);
                case "BeginsIgnoreCase" -> PathMatch.beginsIgnoringCase(rule[2]);
                default -> PathMatch.prefix(rule[2]);
            };
            byHost.computeIfAbsent(HostPattern.of(rule[0]), h -> new ArrayList<>())
                    .add(new Route(rule[0] + ":" + path, path, new RouteAction.Forward(cluster)));
        }
        Route fallback = null;
        if (fallbackService != null) {
            ClusterName cluster = new ClusterName("test", fallbackService, "80");
            clusters.put(cluster, new Cluster(cluster, List.of()));
            fallback = new Route("default-backend", PathMatch.prefix("/"), new RouteAction.Forward(cluster));
        }
        List<VirtualHost> hosts = byHost.entrySet().stream().map(e -> new VirtualHost(e.getKey(), e.getValue())).toList();
        return RoutingSnapshot.of(0, hosts, List.copyOf(clusters.values()), fallback);
    }
}
