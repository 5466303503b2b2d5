package dev.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.PathRewrite;
import dev.gatehouse.routing.RedirectTarget;
import dev.gatehouse.routing.RouteAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Location of from-to-www-redirect (the other host, with the request's scheme, port and target), of app-root, and of
 * Gateway API's redirects to a target.
 */
class HostRedirectsTest {

    private static final RouteAction.Redirect TO_APEX = RouteAction.Redirect.toHost(308, "web.example");

    @ParameterizedTest(name = "{0}://{1}{2} goes to {3}")
    @CsvSource(delimiterString = " | ", value = {
            "http  | www.web.example            | /a/b?c=d | http://web.example/a/b?c=d",
            "https | www.web.example:8443       | /        | https://web.example:8443/",
            "http  | WWW.WEB.EXAMPLE.:80        | /x       | http://web.example:80/x",
            // a Host header cannot smuggle a user part or another host into the Location
            "http  | www.web.example:80@evil.example | /x  | http://web.example/x",
            "http  | www.web.example:99999999   | /x       | http://web.example/x",
            "http  | www.web.example:           | /x       | http://web.example/x",
            "http  | www.web.example            | *        | http://web.example/",
    })
    void the_client_goes_to_the_other_host_with_its_own_scheme_port_and_target(String scheme, String authority, String target,
                                                                              String location) {
        assertThat(HostRedirects.location(TO_APEX, scheme, authority, target)).isEqualTo(location);
    }

    @ParameterizedTest(name = "{0}://{1} is sent to {2}")
    @CsvSource(delimiterString = " | ", value = {
            "http  | Web.Example                 | http://web.example/app",
            "https | web.example:8443            | https://web.example:8443/app",
            "http  | [::1]:8080                  | http://[::1]:8080/app",
            // what cannot be read as a host keeps the path relative rather than sending the client elsewhere
            "http  | user@evil.example           | /app",
            "http  | web.example/evil            | /app",
    })
    void an_absolute_redirect_to_a_path_takes_the_requests_scheme_host_and_port(String scheme, String authority, String location) {
        RouteAction.Redirect appRoot = new RouteAction.Redirect(302, "/app").withAbsolute(true);

        assertThat(HostRedirects.location(appRoot, scheme, authority, "/")).isEqualTo(location);
        assertThat(HostRedirects.location(appRoot, scheme, null, "/")).isEqualTo("/app");
    }

    @Test
    void a_fixed_redirect_keeps_its_location_and_a_request_without_host_gets_no_port() {
        assertThat(HostRedirects.location(new RouteAction.Redirect(301, "https://new.example/"), "http", "old.example", "/x"))
                .isEqualTo("https://new.example/");
        assertThat(HostRedirects.location(TO_APEX, "http", null, "/x")).isEqualTo("http://web.example/x");
    }

    @ParameterizedTest(name = "{0}://{1}{2} with scheme {3}, host {4}, port {5} goes to {6}")
    @CsvSource(delimiterString = " | ", nullValues = "-", value = {
            "http  | gw.example:8080  | /a?q=1 | -     | -           | 0    | http://gw.example/a?q=1",
            "http  | gw.example       | /a     | https | -           | 0    | https://gw.example/a",
            "http  | gw.example       | /a     | https | -           | 443  | https://gw.example/a",
            "https | gw.example       | /a     | -     | example.org | 8443 | https://example.org:8443/a",
            "https | gw.example       | /a     | http  | example.org | 80   | http://example.org/a",
            "http  | gw.example       | /a     | -     | example.org | 443  | http://example.org:443/a",
            // a Host that cannot be read as one leaves the Location relative
            "http  | user@evil.example | /a    | https | -           | 0    | /a",
    })
    void a_redirect_to_a_target_takes_each_part_it_does_not_set_from_the_request_without_the_schemes_default_port(
            String scheme, String authority, String target, String toScheme, String toHost, int toPort, String location) {
        RouteAction.Redirect redirect = RouteAction.Redirect.to(302, new RedirectTarget(toScheme, toHost, toPort, null));

        assertThat(HostRedirects.location(redirect, scheme, authority, target)).isEqualTo(location);
    }

    @Test
    void a_redirect_to_a_target_replaces_the_matched_prefix_and_keeps_the_query() {
        RouteAction.Redirect redirect = RouteAction.Redirect.to(301,
                new RedirectTarget(null, "example.org", 0, new PathRewrite("/original-prefix", "/replacement-prefix")));

        assertThat(HostRedirects.location(redirect, "http", "gw.example", "/original-prefix/lemon?x=1"))
                .isEqualTo("http://example.org/replacement-prefix/lemon?x=1");
    }
}
