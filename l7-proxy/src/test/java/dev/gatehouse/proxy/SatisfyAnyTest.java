package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.ExternalAuth;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestTemplate;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * nginx's {@code satisfy any} and {@code all} between a route's source lists, basic auth and external auth, through a
 * real proxy. The test client is 127.0.0.1: an allow list of 127.0.0.0/8 lets it in, one of 10.0.0.0/8 does not.
 */
class SatisfyAnyTest {

    private static final String PASSWORD = "open sesame";
    private static final String LOOPBACK = "127.0.0.0/8";
    private static final String ELSEWHERE = "10.0.0.0/8";

    private static TestUpstream app;
    private static TestUpstream auth;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() throws NoSuchAlgorithmException {
        app = TestUpstream.start("app");
        // the auth service lets in a request carrying X-Token: yes, asks the others to sign in (401), and forbids "no" (403)
        auth = TestUpstream.start("auth", exchange -> {
            String token = exchange.getRequestHeaders().getFirst("X-Token");
            exchange.getResponseHeaders().add("Set-Cookie", "auth=seen");
            exchange.sendResponseHeaders("yes".equals(token) ? 200 : "no".equals(token) ? 403 : 401, -1);
            exchange.close();
        });
        BasicAuth quick = new BasicAuth("Staff", Map.of("ann", "{SHA}" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-1").digest(PASSWORD.getBytes(StandardCharsets.UTF_8)))));
        BasicAuth slow = new BasicAuth("Staff", Map.of("ann", OpenBSDBCrypt.generate("2y", PASSWORD.getBytes(StandardCharsets.UTF_8),
                "sixteen byte slt".getBytes(StandardCharsets.US_ASCII), 6)));
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots()
                .filtered("any-inside.example", "/", "app", sources(LOOPBACK).withBasicAuth(quick).withSatisfyAny(true), app.port())
                .filtered("any-outside.example", "/", "app", sources(ELSEWHERE).withBasicAuth(quick).withSatisfyAny(true), app.port())
                .filtered("any-unlisted.example", "/", "app", new RequestFilters(List.of(), null, null, null, null, List.of(ELSEWHERE),
                        Map.of()).withBasicAuth(quick).withSatisfyAny(true), app.port())
                .filtered("all-inside.example", "/", "app", sources(LOOPBACK).withBasicAuth(quick), app.port())
                .filtered("all-outside.example", "/", "app", sources(ELSEWHERE).withBasicAuth(quick), app.port())
                .filtered("any-external.example", "/", "app", sources(ELSEWHERE).withExternalAuth(external(null)).withSatisfyAny(true),
                        app.port())
                .filtered("any-signin.example", "/", "app",
                        sources(ELSEWHERE).withExternalAuth(external("https://login.example/start")).withSatisfyAny(true), app.port())
                .filtered("any-bcrypt.example", "/", "app",
                        sources(ELSEWHERE).withBasicAuth(slow).withExternalAuth(external(null)).withSatisfyAny(true), app.port())
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        app.close();
        auth.close();
    }

    @Test
    void withAnyAnAllowedAddressNeedsNoCredentials() {
        HttpResponse<String> response = fixture.http.get("any-inside.example", "/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.answeredBy(response)).isEqualTo("app");
    }

    @Test
    void withAnyGoodCredentialsLetInAnAddressTheAllowListRefuses() {
        HttpResponse<String> response = get("any-outside.example", "Authorization", basic(PASSWORD));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.answeredBy(response)).isEqualTo("app");
    }

    @Test
    void withAnyARefusedAddressWithoutCredentialsGetsBasicAuthsChallengeRatherThan403() {
        HttpResponse<String> response = fixture.http.get("any-outside.example", "/");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"Staff\"");
    }

    @Test
    void withAnyARefusedAddressWithAWrongPasswordIsStillRefused() {
        HttpResponse<String> response = get("any-outside.example", "Authorization", basic("wrong"));

        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void withAnyAnAddressADenyListDoesNotNameIsNotLetInByTheListAloneAsNginxsAccessModuleDeclinesIt() {
        assertThat(fixture.http.get("any-unlisted.example", "/").statusCode()).isEqualTo(401);
        assertThat(get("any-unlisted.example", "Authorization", basic(PASSWORD)).statusCode()).isEqualTo(200);
    }

    @Test
    void withAllAnAllowedAddressStillNeedsCredentials() {
        assertThat(fixture.http.get("all-inside.example", "/").statusCode()).isEqualTo(401);
        assertThat(get("all-inside.example", "Authorization", basic(PASSWORD)).statusCode()).isEqualTo(200);
    }

    @Test
    void withAllGoodCredentialsDoNotLetInAnAddressTheAllowListRefuses() {
        assertThat(get("all-outside.example", "Authorization", basic(PASSWORD)).statusCode()).isEqualTo(403);
    }

    @Test
    void withAnyTheExternalAuthServiceCanLetInAnAddressTheAllowListRefuses() {
        HttpResponse<String> response = get("any-external.example", "X-Token", "yes");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.answeredBy(response)).isEqualTo("app");
    }

    @Test
    void withAnyTheAuthServicesRefusalsReachTheClientWhenNothingElseLetsItIn() {
        assertThat(fixture.http.get("any-external.example", "/").statusCode()).isEqualTo(401);
        assertThat(get("any-external.example", "X-Token", "no").statusCode()).isEqualTo(403);
    }

    @Test
    void withAnyTheSignInRedirectOfExternalAuthAnswersWhenNothingLetsTheClientIn() {
        HttpResponse<String> response = fixture.http.get("any-signin.example", "/page");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("location")).hasValueSatisfying(location ->
                assertThat(location).startsWith("https://login.example/start?rd="));
        assertThat(response.headers().allValues("set-cookie")).as("the refusal's cookies reach the sign-in redirect, as nginx's")
                .containsExactly("auth=seen");
    }

    @Test
    void withAnyExternalAuthIsAskedAfterABcryptCheckFailsOffTheEventLoop() {
        HttpRequest wrongPasswordGoodToken = fixture.http.request("any-bcrypt.example", "/")
                .header("Authorization", basic("wrong")).header("X-Token", "yes").GET().build();
        HttpRequest rightPassword = fixture.http.request("any-bcrypt.example", "/").header("Authorization", basic(PASSWORD)).GET().build();
        HttpRequest wrongPassword = fixture.http.request("any-bcrypt.example", "/").header("Authorization", basic("wrong")).GET().build();

        assertThat(fixture.http.send(wrongPasswordGoodToken).statusCode()).isEqualTo(200);
        assertThat(fixture.http.send(rightPassword).statusCode()).isEqualTo(200);
        assertThat(fixture.http.send(wrongPassword).statusCode()).isEqualTo(401);
    }

    private static HttpResponse<String> get(String host, String header, String value) {
        return fixture.http.send(fixture.http.request(host, "/").header(header, value).GET().build());
    }

    private static RequestFilters sources(String allowed) {
        return new RequestFilters(List.of(allowed), null, null, null, null);
    }

    private static ExternalAuth external(String signin) {
        return new ExternalAuth(new RequestTemplate("http://127.0.0.1:" + auth.port() + "/check"), "GET",
                signin == null ? null : new RequestTemplate(signin), null, List.of(), null, null, Map.of(), Map.of(), false);
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("ann:" + password).getBytes(StandardCharsets.UTF_8));
    }
}
