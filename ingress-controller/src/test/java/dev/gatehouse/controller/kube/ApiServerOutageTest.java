package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The API server going away changes nothing for traffic; its return brings the changes made meanwhile. */
class ApiServerOutageTest {

    private static final Pattern STALE = Pattern.compile("(?m)^gatehouse_kubernetes_source_stale_seconds (\\S+)$");

    private final TestUpstream web = TestUpstream.start("web");
    private final TestUpstream api = TestUpstream.start("api");
    private final MockCluster cluster = MockCluster.start();
    private Gatehouse gatehouse;

    @AfterEach
    void stop() {
        gatehouse.close();
        cluster.close();
        web.close();
        api.close();
    }

    @Test
    void requests_keep_succeeding_while_the_api_server_is_down_and_changes_apply_once_it_is_back() {
        cluster.admin().resource(service("shop", "web")).create();
        cluster.admin().resource(slice("shop", "web", web.port())).create();
        cluster.admin().resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        gatehouse = cluster.gatehouse("replica-1", List.of());
        Http http = new Http(gatehouse.proxy().httpAddress().getPort());
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.answeredBy(http.get("shop.example.com", "/")).equals("web"));
        assertThat(staleSeconds()).isZero();

        cluster.stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> staleSeconds() > 0);
        for (int i = 0; i < 50; i++) {
            assertThat(Http.answeredBy(http.get("shop.example.com", "/"))).isEqualTo("web");
        }
        assertThat(admin("/readyz").statusCode()).isEqualTo(200);

        cluster.restart();
        cluster.admin().resource(service("shop", "api")).create();
        cluster.admin().resource(slice("shop", "api", api.port())).create();
        cluster.admin().resource(ingress("shop", "api", "shop.example.com", "/api", "api")).create();

        await().atMost(Duration.ofSeconds(20)).until(() -> Http.answeredBy(http.get("shop.example.com", "/api")).equals("api"));
        await().atMost(Duration.ofSeconds(10)).until(() -> staleSeconds() == 0);
        assertThat(Http.answeredBy(http.get("shop.example.com", "/"))).isEqualTo("web");
    }

    private double staleSeconds() {
        Matcher matcher = STALE.matcher(admin("/metrics").body());
        assertThat(matcher.find()).as("the stale gauge is exported").isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private HttpResponse<String> admin(String path) {
        return Admin.get(gatehouse.proxy().adminAddress().getPort(), path);
    }
}
