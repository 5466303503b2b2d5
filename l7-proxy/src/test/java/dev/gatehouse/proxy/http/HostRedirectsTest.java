package dev.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.RouteAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Location of from-to-www-redirect: the other host, with the request's scheme, port and target. */
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

    @Test
    void a_fixed_redirect_keeps_its_location_and_a_request_without_host_gets_no_port() {
        assertThat(HostRedirects.location(new RouteAction.Redirect(301, "https://new.example/"), "http", "old.example", "/x"))
                .isEqualTo("https://new.example/");
        assertThat(HostRedirects.location(TO_APEX, "http", null, "/x")).isEqualTo("http://web.example/x");
    }
}
