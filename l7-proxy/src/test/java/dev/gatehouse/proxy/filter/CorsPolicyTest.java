package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.Cors;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Origin matching and the headers of a route's CORS. */
class CorsPolicyTest {

    private static final CorsPolicy LISTED = CorsPolicy.compile(new Cors(
            List.of("https://app.example.com", "https://*.example.org", "http://*.dev.example.net:8080"),
            "GET, POST", "Content-Type", "X-Total", true, Duration.ofSeconds(600)));
    private static final CorsPolicy ANY = CorsPolicy.compile(new Cors(List.of("*"), "GET", "Content-Type", "", false,
            Duration.ofSeconds(5)));

    @ParameterizedTest(name = "{0} allowed: {1}")
    @CsvSource(nullValues = "null", value = {
            "https://app.example.com, true",
            "HTTPS://App.Example.com, true",
            "http://app.example.com, false",
            "https://app.example.com:443, false",
            "https://other.example.com, false",
            "https://a.example.org, true",
            "https://a-1.example.org, true",
            "https://a.b.example.org, false",
            "https://example.org, false",
            "https://.example.org, false",
            "https://evil.com/.example.org, false",
            "https://evil.example.org.com, false",
            "http://x.dev.example.net:8080, true",
            "http://x.dev.example.net, false",
            "http://x.dev.example.net:80800, false",
            "null, false"})
    void an_origin_is_allowed_when_it_is_listed_or_one_label_under_a_wildcard(String origin, boolean allowed) {
        assertThat(LISTED.allows(origin)).isEqualTo(allowed);
    }

    @Test
    void an_allowed_origin_is_echoed_with_credentials_exposed_headers_and_vary() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Vary", "Accept-Encoding");

        LISTED.addResponse(headers, "https://a.example.org");

        assertThat(headers.get("Access-Control-Allow-Origin")).isEqualTo("https://a.example.org");
        assertThat(headers.get("Access-Control-Allow-Credentials")).isEqualTo("true");
        assertThat(headers.get("Access-Control-Expose-Headers")).isEqualTo("X-Total");
        assertThat(headers.getAll("Vary")).containsExactly("Accept-Encoding", "Origin");
        assertThat(headers.contains("Access-Control-Allow-Methods")).as("preflight answers only").isFalse();
    }

    @Test
    void a_disallowed_or_missing_origin_gets_no_cors_header_but_vary_once() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Vary", "origin");

        LISTED.addResponse(headers, "https://evil.example.com");
        LISTED.addResponse(headers, null);

        assertThat(headers.names()).containsExactly("Vary");
        assertThat(headers.getAll("Vary")).containsExactly("origin");
    }

    @Test
    void an_upstreams_own_grant_to_a_disallowed_origin_is_removed() {
        HttpHeaders headers = new DefaultHttpHeaders().add("Access-Control-Allow-Origin", "https://evil.example.com")
                .add("Access-Control-Allow-Credentials", "true").add("Access-Control-Expose-Headers", "X-Own");

        LISTED.addResponse(headers, "https://evil.example.com");

        assertThat(headers.names()).map(name -> name.toLowerCase(java.util.Locale.ROOT))
                .containsExactlyInAnyOrder("access-control-expose-headers", "vary");
    }

    @Test
    void any_origin_answers_a_star_never_the_origin_and_needs_no_vary() {
        HttpHeaders headers = new DefaultHttpHeaders();

        ANY.addResponse(headers, "https://anyone.example");
        ANY.addPreflight(headers);

        assertThat(headers.get("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(headers.contains("Access-Control-Allow-Credentials")).isFalse();
        assertThat(headers.contains("Access-Control-Expose-Headers")).isFalse();
        assertThat(headers.contains("Vary")).isFalse();
        assertThat(headers.get("Access-Control-Allow-Methods")).isEqualTo("GET");
        assertThat(headers.get("Access-Control-Allow-Headers")).isEqualTo("Content-Type");
        assertThat(headers.get("Access-Control-Max-Age")).isEqualTo("5");
    }

    @Test
    void a_preflight_is_an_options_request_with_an_origin_and_a_requested_method() {
        assertThat(CorsPolicy.isPreflight(request(HttpMethod.OPTIONS, "https://a.example.org", "PUT"))).isTrue();
        assertThat(CorsPolicy.isPreflight(request(HttpMethod.OPTIONS, "https://a.example.org", null))).isFalse();
        assertThat(CorsPolicy.isPreflight(request(HttpMethod.OPTIONS, null, "PUT"))).isFalse();
        assertThat(CorsPolicy.isPreflight(request(HttpMethod.GET, "https://a.example.org", "PUT"))).isFalse();
    }

    private static HttpRequest request(HttpMethod method, String origin, String requestMethod) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/");
        if (origin != null) {
            request.headers().set("Origin", origin);
        }
        if (requestMethod != null) {
            request.headers().set("Access-Control-Request-Method", requestMethod);
        }
        return request;
    }
}
