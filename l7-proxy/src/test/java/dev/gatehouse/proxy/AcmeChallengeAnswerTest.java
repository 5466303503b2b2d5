package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.RequestPolicy;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proxy answers ACME HTTP-01 challenges of the snapshot itself, before routing and before any redirect. */
class AcmeChallengeAnswerTest {

    private static TestUpstream upstream;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start("web");
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .route("shop.example.com", "/", "web", RequestPolicy.DEFAULTS.withTls(true, null), upstream.port())
                .build(1)
                .withAcmeChallenges(Map.of("token-1", "token-1.thumbprint")));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        upstream.close();
    }

    @Test
    void a_published_token_is_answered_with_its_key_authorization_on_a_host_that_redirects_to_https() {
        HttpResponse<String> response = fixture.http.get("shop.example.com", "/.well-known/acme-challenge/token-1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("token-1.thumbprint");
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void a_token_is_answered_on_any_host_since_the_authority_asks_under_the_host_it_validates() {
        HttpResponse<String> response = fixture.http.get("no-route.example.org", "/.well-known/acme-challenge/token-1?x=1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("token-1.thumbprint");
    }

    @Test
    void an_unknown_token_goes_to_the_routes_so_another_solver_behind_the_proxy_can_answer_it() {
        HttpResponse<String> routed = fixture.http.get("shop.example.com", "/.well-known/acme-challenge/other");
        HttpResponse<String> unmatched = fixture.http.get("no-route.example.org", "/.well-known/acme-challenge/other");

        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(Http.answeredBy(routed)).isEqualTo("web");
        assertThat(unmatched.statusCode()).isEqualTo(404);
    }

    @Test
    void a_snapshot_without_the_token_stops_answering_it() {
        try (ProxyFixture other = new ProxyFixture()) {
            other.proxy.apply(new Snapshots().route("shop.example.com", "/", "web", upstream.port()).build(1)
                    .withAcmeChallenges(Map.of("token-2", "token-2.thumbprint")));
            assertThat(other.http.get("shop.example.com", "/.well-known/acme-challenge/token-2").body())
                    .isEqualTo("token-2.thumbprint");

            other.proxy.apply(new Snapshots().route("shop.example.com", "/", "web", upstream.port()).build(2));

            HttpResponse<String> response = other.http.get("shop.example.com", "/.well-known/acme-challenge/token-2");
            assertThat(Http.answeredBy(response)).isEqualTo("web");
        }
    }
}
