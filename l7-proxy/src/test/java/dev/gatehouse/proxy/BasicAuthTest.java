package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.filter.PasswordChecks;
import dev.gatehouse.proxy.testing.Echo;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.RequestFilters;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Basic auth of a forwarding route through a real proxy: every hash form, the 401 answers, keep-alive and the cache. */
class BasicAuthTest {

    private static final String PASSWORD = "s3cret pass";
    private static final String CHALLENGE = "Basic realm=\"Staff only\"";

    private static TestUpstream echo;
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() throws NoSuchAlgorithmException {
        echo = TestUpstream.start("echo");
        fixture = new ProxyFixture();
        byte[] salt = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);
        Map<String, String> users = new LinkedHashMap<>();
        users.put("bcrypt-2a", OpenBSDBCrypt.generate("2a", key(), salt, 4));
        users.put("bcrypt-2b", OpenBSDBCrypt.generate("2b", key(), salt, 4));
        users.put("bcrypt-2y", OpenBSDBCrypt.generate("2y", key(), salt, 4));
        users.put("apr1", Md5Crypt.apr1Crypt(key()));
        // made by `openssl passwd -apr1 -salt gAte5alt 's3cret pass'`
        users.put("apr1-openssl", "$apr1$gAte5alt$50tiXyOHAL54GgYCqzr7m.");
        users.put("md5", Md5Crypt.md5Crypt(key()));
        users.put("sha256", Sha2Crypt.sha256Crypt(key()));
        users.put("sha512", Sha2Crypt.sha512Crypt(key()));
        users.put("sha1", "{SHA}" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(key())));
        users.put("keep-alive", OpenBSDBCrypt.generate("2y", key(), salt, 6));
        users.put("with-body", OpenBSDBCrypt.generate("2y", key(), salt, 6));
        users.put("pipelining", OpenBSDBCrypt.generate("2b", key(), salt, 6));
        users.put("leaving", OpenBSDBCrypt.generate("2y", key(), salt, 8));
        users.put("unknown-form", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo");
        fixture.proxy.apply(new Snapshots()
                .filtered("auth.example", "/", "auth", new RequestFilters(List.of(), new BasicAuth("Staff only", users), null, null, null),
                        echo.port())
                .build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        echo.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"bcrypt-2a", "bcrypt-2b", "bcrypt-2y", "apr1", "apr1-openssl", "md5", "sha256", "sha512", "sha1"})
    void each_hash_form_lets_its_user_in_with_the_right_password_and_the_header_still_goes_upstream(String user) {
        HttpResponse<String> response = get("/in", basic(user, PASSWORD));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Echo.parse(response.body())).containsEntry("header.authorization", basic(user, PASSWORD));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bcrypt-2y", "apr1-openssl", "md5", "sha256", "sha512", "sha1"})
    void a_wrong_password_is_answered_401_with_the_challenge(String user) {
        HttpResponse<String> response = get("/in", basic(user, PASSWORD + "x"));

        assertUnauthorized(response);
    }

    @Test
    void an_unknown_user_and_a_hash_of_an_unknown_form_are_answered_401() {
        assertUnauthorized(get("/in", basic("mallory", PASSWORD)));
        assertUnauthorized(get("/in", basic("unknown-form", PASSWORD)));
    }

    @Test
    void a_request_without_credentials_is_answered_401_and_never_reaches_the_upstream() {
        HttpResponse<String> response = fixture.http.get("auth.example", "/no-credentials");

        assertUnauthorized(response);
        assertThat(echo.requests()).noneSatisfy(seen -> assertThat(seen).containsEntry("uri", "/no-credentials"));
    }

    @Test
    void a_malformed_authorization_header_is_answered_401() {
        assertUnauthorized(get("/in", "Basic not-base64!"));
        assertUnauthorized(get("/in", "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))));
        assertUnauthorized(get("/in", "Bearer " + Base64.getEncoder().encodeToString(("sha1:" + PASSWORD).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void an_unknown_user_costs_a_password_check_as_a_wrong_password_does_and_is_refused_every_time() {
        PasswordChecks checks = ((HttpProxy) fixture.proxy).context().passwordChecks();
        long before = checks.verifications();

        // PASSWORD is every user's password, so the check against another user's hash succeeds: still refused
        assertUnauthorized(get("/in", basic("mallory", PASSWORD)));
        assertUnauthorized(get("/in", basic("mallory", PASSWORD)));

        assertThat(checks.verifications() - before).isEqualTo(2);
    }

    @Test
    void many_keep_alive_requests_with_bcrypt_verify_the_password_once() throws IOException {
        PasswordChecks checks = ((HttpProxy) fixture.proxy).context().passwordChecks();
        long before = checks.verifications();
        try (RawClient client = new RawClient(fixture.port())) {
            for (int i = 0; i < 20; i++) {
                client.send("GET /keep/" + i + " HTTP/1.1\r\nHost: auth.example\r\nAuthorization: " + basic("keep-alive", PASSWORD)
                        + "\r\n\r\n");
                assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /keep/" + i);
            }
        }

        assertThat(checks.verifications() - before).isEqualTo(1);
    }

    @Test
    void a_401_keeps_the_connection_open_for_the_next_request_and_its_body_is_skipped() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("POST /first HTTP/1.1\r\nHost: auth.example\r\nAuthorization: " + basic("sha1", "wrong")
                    + "\r\nContent-Length: 5\r\n\r\nhello");
            String unauthorized = client.readResponse();
            client.send("GET /second HTTP/1.1\r\nHost: auth.example\r\nAuthorization: " + basic("sha1", PASSWORD) + "\r\n\r\n");
            String next = client.readResponse();

            assertThat(unauthorized).startsWith("HTTP/1.1 401 Unauthorized").contains("www-authenticate: " + CHALLENGE)
                    .doesNotContainIgnoringCase("connection: close");
            assertThat(next).startsWith("HTTP/1.1 200").contains("uri: /second");
        }
    }

    @Test
    void the_body_of_a_request_that_waits_for_its_password_check_reaches_the_upstream_whole() throws IOException {
        String body = "x".repeat(100_000);
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: auth.example\r\nAuthorization: " + basic("with-body", PASSWORD)
                    + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /upload").contains("body-bytes: 100000");
        }
    }

    @Test
    void pipelined_requests_behind_a_password_check_are_answered_in_order() throws IOException {
        String credentials = "Authorization: " + basic("pipelining", PASSWORD) + "\r\n";
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("GET /p1 HTTP/1.1\r\nHost: auth.example\r\n" + credentials + "\r\n"
                    + "POST /p2 HTTP/1.1\r\nHost: auth.example\r\n" + credentials + "Content-Length: 3\r\n\r\nabc"
                    + "GET /p3 HTTP/1.1\r\nHost: auth.example\r\n\r\n"
                    + "GET /p4 HTTP/1.1\r\nHost: auth.example\r\n" + credentials + "\r\n");

            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /p1");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /p2").contains("body-bytes: 3");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 401");
            assertThat(client.readResponse()).startsWith("HTTP/1.1 200").contains("uri: /p4");
        }
    }

    @Test
    void a_client_that_leaves_during_its_password_check_is_not_forwarded_and_the_proxy_carries_on() throws IOException {
        PasswordChecks checks = ((HttpProxy) fixture.proxy).context().passwordChecks();
        long before = checks.verifications();
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("POST /left HTTP/1.1\r\nHost: auth.example\r\nAuthorization: " + basic("leaving", PASSWORD)
                    + "\r\nContent-Length: 4\r\n\r\nbody");
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> checks.verifications() > before);
        assertThat(get("/after", basic("sha1", PASSWORD)).statusCode()).isEqualTo(200);
        assertThat(echo.requests()).noneSatisfy(seen -> assertThat(seen).containsEntry("uri", "/left"));
    }

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue(CHALLENGE);
        assertThat(response.body()).startsWith("401 Unauthorized: ");
    }

    private static HttpResponse<String> get(String path, String authorization) {
        return fixture.http.send(fixture.http.request("auth.example", path).header("Authorization", authorization).GET().build());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The crypt functions of commons-codec overwrite the key they are given: a fresh one each time. */
    private static byte[] key() {
        return PASSWORD.getBytes(StandardCharsets.UTF_8);
    }
}
