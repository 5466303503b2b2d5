package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.proxy.testing.TlsClient;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.SessionAffinity;
import dev.gatehouse.routing.UpstreamProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The affinity cookie as ingress-nginx sets it, through real HTTP and HTTPS clients: Secure on HTTPS requests without
 * session-cookie-secure, on the answering route's path unless the affinity names one, with its Domain.
 */
class AffinityCookieOverHttpsTest {

    private static TestUpstream first;
    private static TestUpstream second;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        first = TestUpstream.start("pool-1");
        second = TestUpstream.start("pool-2");
        fixture = new ProxyFixture(ProxySettings.builder().httpsPort(0));
        SessionAffinity affinity = new SessionAffinity("INGRESSCOOKIE", null, null, false, null, false, null, false, false, "shop.example");
        fixture.proxy.apply(new Snapshots()
                .route("", "/app", "pool", RequestPolicy.DEFAULTS.withCookiePath("/app"), first.port(), second.port())
                .policy("pool", new ClusterPolicy(UpstreamProtocol.HTTP1, LoadBalancing.ROUND_ROBIN, affinity, null))
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        first.close();
        second.close();
    }

    @Test
    void over_https_the_affinity_cookie_is_secure_on_the_routes_path_with_its_domain() throws Exception {
        String cookie = setCookie("https", fixture.proxy.httpsAddress().getPort());

        assertThat(cookie).matches("INGRESSCOOKIE=[0-9a-f]+; Path=/app; Domain=shop.example; Secure; HTTPOnly");
    }

    @Test
    void over_plain_http_the_affinity_cookie_is_not_secure() throws Exception {
        String cookie = setCookie("http", fixture.proxy.httpAddress().getPort());

        assertThat(cookie).matches("INGRESSCOOKIE=[0-9a-f]+; Path=/app; Domain=shop.example; HTTPOnly");
    }

    private static String setCookie(String scheme, int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TlsClient.trustAll()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + "/app/cart"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("Set-Cookie").orElseThrow();
    }
}
