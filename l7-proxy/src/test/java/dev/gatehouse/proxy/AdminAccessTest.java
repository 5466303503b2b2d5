package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.proxy.testing.Http;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AdminAccessTest {

    private static final String TOKEN = "3f9c1e-admin-token";

    @Test
    void withATokenEveryAdminPathButTheProbesNeedsTheBearerToken() {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().admin(new AdminSettings(null, TOKEN)))) {
            Http admin = new Http(fixture.proxy.adminAddress().getPort());

            assertThat(admin.get(null, "/healthz").statusCode()).isEqualTo(200);
            assertThat(admin.get(null, "/readyz").statusCode()).isEqualTo(503);
            for (String path : new String[] {"/metrics", "/routes", "/dashboard/", "/api/v1/hosts", "/", "/nope"}) {
                HttpResponse<String> refused = admin.get(null, path);
                assertThat(refused.statusCode()).as(path).isEqualTo(401);
                assertThat(refused.headers().allValues("www-authenticate"))
                        .containsExactly("Bearer realm=\"gatehouse-admin\"", "Basic realm=\"gatehouse-admin\", charset=\"UTF-8\"");
                assertThat(refused.body()).doesNotContain(TOKEN);
            }
            assertThat(admin.send(admin.request(null, "/metrics").header("Authorization", "Bearer wrong-token").build())
                    .statusCode()).isEqualTo(401);
            assertThat(admin.send(admin.request(null, "/metrics").header("Authorization", "Basic " + TOKEN).build())
                    .statusCode()).isEqualTo(401);
            assertThat(admin.send(admin.request(null, "/metrics").header("Authorization", basic("admin", "wrong-token")).build())
                    .statusCode()).isEqualTo(401);

            HttpResponse<String> metrics = admin.send(admin.request(null, "/metrics")
                    .header("Authorization", "Bearer " + TOKEN).build());
            HttpResponse<String> hosts = admin.send(admin.request(null, "/api/v1/hosts")
                    .header("Authorization", "bearer " + TOKEN).build());

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("gatehouse_snapshot_version");
            assertThat(hosts.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aBrowserMayGiveTheTokenAsTheBasicAuthenticationPasswordOfAnyUser() {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().admin(new AdminSettings(null, TOKEN)))) {
            Http admin = new Http(fixture.proxy.adminAddress().getPort());

            HttpResponse<String> page = admin.send(admin.request(null, "/dashboard/").header("Authorization", basic("me", TOKEN)).build());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>Gatehouse</title>");
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutATokenTheAdminPortIsOpenAsBefore() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            assertThat(new Http(fixture.proxy.adminAddress().getPort()).get(null, "/metrics").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theAdminPortBindsItsOwnAddressAndNotTheListeners() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().admin(new AdminSettings("127.0.0.2", null)))) {
            InetSocketAddress admin = fixture.proxy.adminAddress();

            assertThat(admin.getAddress().getHostAddress()).isEqualTo("127.0.0.2");
            assertThat(fixture.proxy.httpAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
            try (Socket reached = new Socket("127.0.0.2", admin.getPort())) {
                assertThat(reached.isConnected()).isTrue();
            }
            assertThatThrownBy(() -> new Socket("127.0.0.1", admin.getPort()).close()).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void theTokenNeverShowsInTheSettings() {
        assertThat(new AdminSettings("127.0.0.1", TOKEN).toString()).doesNotContain(TOKEN).contains("token=set");
        assertThatThrownBy(() -> new AdminSettings(null, "  ")).hasMessage("admin token is blank (expected a token, or none)");
    }
}
