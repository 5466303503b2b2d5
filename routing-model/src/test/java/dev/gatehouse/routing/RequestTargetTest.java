package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestTargetTest {

    @ParameterizedTest(name = "Host \"{0}\" is looked up as \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "foo.example.com        | foo.example.com",
            "Foo.Example.COM        | foo.example.com",
            "foo.example.com:8080   | foo.example.com",
            "foo.example.com.       | foo.example.com",
            "foo.example.com.:80    | foo.example.com",
            "10.0.0.1:8080          | 10.0.0.1",
            "[::1]:8080             | ::1",
            "[2001:DB8::1]          | 2001:db8::1",
            "''                     | ''",
    })
    void host_is_lower_case_without_port_or_trailing_dot(String header, String expected) {
        assertThat(RequestTarget.host(header)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "target \"{0}\" is matched as \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "/                       | /",
            "/foo?x=1                | /foo",
            "/foo#frag               | /foo",
            "/foo/                   | /foo/",
            "/public/../admin        | /admin",
            "/a/./b                  | /a/b",
            "//a///b                 | /a/b",
            "/a/b/..                 | /a/",
            "/..                     | /",
            "/%61dmin                | /admin",
            "/a%2fb                  | /a%2Fb",
            "/%2e%2e/admin           | /admin",
            "/a/%7euser              | /a/~user",
            "*                       | *",
            "/.well-known/acme       | /.well-known/acme",
    })
    void path_is_cut_at_the_query_and_normalized(String target, String expected) {
        assertThat(RequestTarget.path(target)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "target \"{0}\" needs no copy")
    @CsvSource({"/", "/foo/bar", "/foo/bar/"})
    void a_plain_path_is_returned_as_it_is(String target) {
        assertThat(RequestTarget.path(target)).isSameAs(target);
    }
}
