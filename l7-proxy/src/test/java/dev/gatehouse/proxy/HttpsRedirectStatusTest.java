package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.RequestPolicy;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** A route that redirects plain HTTP to HTTPS answers with the status its policy names. */
class HttpsRedirectStatusTest {

    @Test
    void the_redirect_has_the_status_of_the_policy_and_308_when_only_asked_for_a_redirect() {
        try (TestUpstream web = TestUpstream.start("web");
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots()
                    .redirecting("moved.example", "/", "moved", 301, web.port())
                    .redirecting("found.example", "/", "found", 302, web.port())
                    .route("default.example", "/", "default", RequestPolicy.DEFAULTS.withTls(true, null), web.port())
                    .build(1));

            HttpResponse<String> moved = fixture.http.get("moved.example", "/a?b=1");
            HttpResponse<String> found = fixture.http.get("found.example", "/a");
            HttpResponse<String> byDefault = fixture.http.get("default.example", "/a");

            assertThat(moved.statusCode()).isEqualTo(301);
            assertThat(moved.headers().firstValue("location")).hasValue("https://moved.example/a?b=1");
            assertThat(moved.body()).startsWith("301 Moved Permanently: this host is served over HTTPS");
            assertThat(found.statusCode()).isEqualTo(302);
            assertThat(byDefault.statusCode()).isEqualTo(308);
            assertThat(byDefault.headers().firstValue("location")).hasValue("https://default.example/a");
            assertThat(web.requests()).isEmpty();
        }
    }
}
