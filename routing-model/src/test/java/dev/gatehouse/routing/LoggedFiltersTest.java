package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a route's filters show in logs (the controller writes every route's action at debug): header names and the
 * auth service's host, never header values, user info or the rest of an auth URL.
 */
class LoggedFiltersTest {

    @Test
    void header_values_and_auth_url_secrets_stay_out_of_to_string() {
        ExternalAuth auth = new ExternalAuth(new RequestTemplate("https://svc:hunter2@auth.example:8443/check?token=t0ken"), "GET",
                new RequestTemplate("https://login.example/start?client_secret=c1ient"), null, List.of("x-user"), null,
                new RequestTemplate("$http_authorization"), Map.of(200, java.time.Duration.ofMinutes(1)),
                Map.of("x-api-key", new RequestTemplate("k3y-value")));
        RequestFilters filters = new RequestFilters(List.of("10.0.0.0/8"), BasicAuth.unreadable("Staff"), null, null, null, List.of(),
                Map.of("x-upstream-token", "upstream-s3cret"))
                .withExternalAuth(auth)
                .withResponseHeaders(Map.of("x-served-by", "edge-value"));
        String logged = new RouteAction.Forward(new ClusterName("shop", "web", "80"), RequestPolicy.DEFAULTS, filters).toString();

        assertThat(logged)
                .contains("x-upstream-token", "x-served-by", "x-api-key", "x-user", "10.0.0.0/8", "realm=Staff")
                .contains("url=https://auth.example:8443/…", "signin=https://login.example/…", "cached=true")
                .doesNotContain("upstream-s3cret", "edge-value", "k3y-value", "hunter2", "svc:", "t0ken", "c1ient", "/check", "/start");
    }

    @Test
    void an_auth_url_without_a_path_is_shown_whole() {
        ExternalAuth auth = new ExternalAuth(new RequestTemplate("http://$host"), "GET", null, null, List.of(), null, null, Map.of(),
                Map.of());

        assertThat(auth.toString()).contains("url=http://$host,", "signin=null", "cached=false");
    }
}
