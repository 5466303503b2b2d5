package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ErrorPages;
import dev.gatehouse.routing.ExternalAuth;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.RequestTemplate;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Set-Cookie headers of the auth service's 2xx answer reach the client through a real proxy, each as it was sent:
 * on the upstream's 2xx and 3xx answers, and with auth-always-set-cookie on its error answers, the proxy's own (before
 * the upstream is asked too) and the custom error page that replaces one; such an answer is never cached.
 */
class ExternalAuthCookieTest {

    private static final String SESSION = "session=abc, def; Path=/; Expires=Wed, 09 Jun 2027 10:18:14 GMT; HttpOnly";
    private static final String CSRF = "csrf=xyz; Path=/";
    private static final ClusterName ERRORS = new ClusterName("test", "errors", "80");

    private static final AtomicInteger asked = new AtomicInteger();
    private static TestUpstream upstream;
    private static TestUpstream auth;
    private static TestUpstream errors;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start("app", exchange -> {
            exchange.getResponseHeaders().add("Set-Cookie", "app=1");
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().startsWith("/broken") ? 500 : 200, -1);
            exchange.close();
        });
        auth = TestUpstream.start("auth", exchange -> {
            asked.incrementAndGet();
            exchange.getResponseHeaders().add("Set-Cookie", SESSION);
            exchange.getResponseHeaders().add("Set-Cookie", CSRF);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        errors = TestUpstream.start("errors", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        RequestPolicy smallBodies = new RequestPolicy(null, null, null, 0, 16);
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .route("small-usual.example", "/", "small-usual", smallBodies, filters(false), upstream.port())
                .route("small-always.example", "/", "small-always", smallBodies, filters(true), upstream.port())
                .filtered("paged.example", "/", "paged", filters(true).withErrorPages(new ErrorPages(ERRORS, Set.of(500), "shop")),
                        upstream.port())
                .route("errors.example", "/", "errors", errors.port())
                .filtered("usual.example", "/", "usual", filters(false), upstream.port())
                .filtered("always.example", "/", "always", filters(true), upstream.port())
                .filtered("gone.example", "/", "gone", filters(true), closedPort())
                .filtered("cached.example", "/", "cached", cachedFilters(), upstream.port())
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        upstream.close();
        auth.close();
        errors.close();
    }

    @Test
    void bothCookiesOfTheAuthServiceReachTheClientOnASuccessfulAnswerBesideTheUpstreamsOwn() {
        HttpResponse<String> response = fixture.http.get("usual.example", "/page");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("set-cookie")).containsExactlyInAnyOrder("app=1", SESSION, CSRF);
    }

    @Test
    void anErrorAnswerOfTheUpstreamCarriesNoAuthCookieWithoutAlwaysSetCookie() {
        HttpResponse<String> response = fixture.http.get("usual.example", "/broken");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().allValues("set-cookie")).containsExactly("app=1");
    }

    @Test
    void anErrorAnswerOfTheUpstreamCarriesTheAuthCookiesWithAlwaysSetCookie() {
        HttpResponse<String> response = fixture.http.get("always.example", "/broken");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().allValues("set-cookie")).containsExactlyInAnyOrder("app=1", SESSION, CSRF);
    }

    @Test
    void theProxysOwnErrorAnswerCarriesTheAuthCookiesWithAlwaysSetCookie() {
        HttpResponse<String> response = fixture.http.get("gone.example", "/");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.headers().allValues("set-cookie")).containsExactlyInAnyOrder(SESSION, CSRF);
    }

    @Test
    void theProxysOwnRefusalAfterTheAuthServiceWasAskedCarriesItsCookiesWithAlwaysSetCookieOnly() {
        HttpResponse<String> always = fixture.http.send(fixture.http.request("small-always.example", "/upload")
                .POST(HttpRequest.BodyPublishers.ofString("a body longer than sixteen bytes")).build());
        HttpResponse<String> usual = fixture.http.send(fixture.http.request("small-usual.example", "/upload")
                .POST(HttpRequest.BodyPublishers.ofString("a body longer than sixteen bytes")).build());

        assertThat(always.statusCode()).isEqualTo(413);
        assertThat(always.headers().allValues("set-cookie")).containsExactlyInAnyOrder(SESSION, CSRF);
        assertThat(usual.statusCode()).isEqualTo(413);
        assertThat(usual.headers().allValues("set-cookie")).isEmpty();
    }

    @Test
    void aCustomErrorPageThatReplacesTheUpstreamsAnswerCarriesTheAuthCookiesWithAlwaysSetCookie() {
        HttpResponse<String> response = fixture.http.get("paged.example", "/broken");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.headers().firstValue(TestUpstream.NAME_HEADER)).as("the page is the default backend's").hasValue("errors");
        assertThat(response.headers().allValues("set-cookie")).containsExactlyInAnyOrder(SESSION, CSRF);
    }

    @Test
    void anAuthAnswerThatSetsCookiesIsNeverCachedSoEachClientGetsItsOwn() {
        int before = asked.get();

        HttpResponse<String> first = fixture.http.get("cached.example", "/one");
        HttpResponse<String> second = fixture.http.get("cached.example", "/two");

        assertThat(first.headers().allValues("set-cookie")).contains(SESSION, CSRF);
        assertThat(second.headers().allValues("set-cookie")).contains(SESSION, CSRF);
        assertThat(asked.get()).as("both requests asked the auth service").isEqualTo(before + 2);
    }

    private static RequestFilters cachedFilters() {
        ExternalAuth external = new ExternalAuth(new RequestTemplate("http://127.0.0.1:" + auth.port() + "/check"), "GET", null, null,
                List.of(), null, new RequestTemplate("$host"), Map.of(200, Duration.ofMinutes(5)), Map.of(), false);
        return new RequestFilters(List.of(), null, null, null, null).withExternalAuth(external);
    }

    private static RequestFilters filters(boolean always) {
        ExternalAuth external = new ExternalAuth(new RequestTemplate("http://127.0.0.1:" + auth.port() + "/check"), "GET", null, null,
                List.of(), null, null, Map.of(), Map.of(), always);
        return new RequestFilters(List.of(), null, null, null, null).withExternalAuth(external);
    }

    /** A port nobody listens on: the upstream's connection is refused. */
    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
