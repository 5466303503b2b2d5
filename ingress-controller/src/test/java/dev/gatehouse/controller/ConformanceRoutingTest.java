package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.RoutingWorld;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The path and host rules of the ingress-controller-conformance feature files, through the real proxy:
 * each case sends a request and checks which upstream answered it.
 */
class ConformanceRoutingTest {

    @TempDir
    static Path directory;
    static RoutingWorld world;

    @BeforeAll
    static void start() {
        Map<String, Integer> services = new LinkedHashMap<>();
        for (String service : new String[] {"foo-exact", "foo-prefix", "aaa-slash-bbb-prefix", "aaa-prefix",
                "aaa-slash-bbb-slash-prefix", "foo-slash-exact", "wildcard-foo-com", "foo-bar-com"}) {
            services.put(service, 1);
        }
        world = RoutingWorld.start(directory, services, """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: path-rules
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: exact-path-rules
                    http:
                      paths:
                      - {path: /foo, pathType: Exact, backend: {service: {name: foo-exact, port: {number: 8080}}}}
                  - host: prefix-path-rules
                    http:
                      paths:
                      - {path: /foo, pathType: Prefix, backend: {service: {name: foo-prefix, port: {number: 8080}}}}
                      - {path: /aaa/bbb, pathType: Prefix, backend: {service: {name: aaa-slash-bbb-prefix, port: {number: 8080}}}}
                      - {path: /aaa, pathType: Prefix, backend: {service: {name: aaa-prefix, port: {number: 8080}}}}
                  - host: mixed-path-rules
                    http:
                      paths:
                      - {path: /foo, pathType: Prefix, backend: {service: {name: foo-prefix, port: {number: 8080}}}}
                      - {path: /foo, pathType: Exact, backend: {service: {name: foo-exact, port: {number: 8080}}}}
                  - host: trailing-slash-path-rules
                    http:
                      paths:
                      - {path: /aaa/bbb/, pathType: Prefix, backend: {service: {name: aaa-slash-bbb-slash-prefix, port: {number: 8080}}}}
                      - {path: /foo/, pathType: Exact, backend: {service: {name: foo-slash-exact, port: {number: 8080}}}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: host-rules
                spec:
                  ingressClassName: gatehouse
                  rules:
                  - host: "*.foo.com"
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: wildcard-foo-com, port: {number: 8080}}}}
                  - host: foo.bar.com
                    http:
                      paths:
                      - {path: /, pathType: Prefix, backend: {service: {name: foo-bar-com, port: {name: http}}}}
                """);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @ParameterizedTest(name = "GET http://{0}{1} is answered by {2}")
    @CsvSource(delimiter = '|', value = {
            // path_rules.feature
            "exact-path-rules          | /foo          | foo-exact",
            "exact-path-rules          | /foo/         | status 404",
            "exact-path-rules          | /FOO          | status 404",
            "exact-path-rules          | /bar          | status 404",
            "prefix-path-rules         | /foo          | foo-prefix",
            "prefix-path-rules         | /foo/         | foo-prefix",
            "prefix-path-rules         | /FOO          | status 404",
            "prefix-path-rules         | /aaa/bbb      | aaa-slash-bbb-prefix",
            "prefix-path-rules         | /aaa/bbb/ccc  | aaa-slash-bbb-prefix",
            "prefix-path-rules         | /aaa/ccc      | aaa-prefix",
            "prefix-path-rules         | /aaaccc       | status 404",
            "mixed-path-rules          | /foo          | foo-exact",
            "trailing-slash-path-rules | /aaa/bbb      | aaa-slash-bbb-slash-prefix",
            "trailing-slash-path-rules | /aaa/bbb/     | aaa-slash-bbb-slash-prefix",
            "trailing-slash-path-rules | /foo          | status 404",
            // host_rules.feature
            "foo.bar.com               | /             | foo-bar-com",
            "subdomain.bar.com         | /             | status 404",
            "bar.foo.com               | /             | wildcard-foo-com",
            "baz.bar.foo.com           | /             | status 404",
            "foo.com                   | /             | status 404",
            // beyond the feature files
            "mixed-path-rules          | /foo/bar      | foo-prefix",
            "trailing-slash-path-rules | /foo/         | foo-slash-exact",
            "prefix-path-rules         | /aaa/bbbccc   | aaa-prefix",
            "prefix-path-rules         | /foo?x=/aaa   | foo-prefix",
            "prefix-path-rules         | /aaa/../foo   | foo-prefix",
            "FOO.BAR.COM               | /             | foo-bar-com",
            "Bar.Foo.Com               | /any          | wildcard-foo-com",
    })
    void a_request_reaches_the_backend_the_ingress_specification_gives_it(String host, String path, String expected) {
        assertThat(world.answeredBy(host, path)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "the Host header {0} is matched without its port")
    @CsvSource({"foo.bar.com:80", "foo.bar.com:8080", "foo.bar.com."})
    void a_port_in_the_host_header_is_ignored(String host) {
        assertThat(world.answeredBy(host, "/")).isEqualTo("foo-bar-com");
    }
}
