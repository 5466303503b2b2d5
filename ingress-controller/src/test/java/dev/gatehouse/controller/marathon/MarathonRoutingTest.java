package dev.gatehouse.controller.marathon;

import static dev.gatehouse.controller.marathon.MarathonJson.apps;
import static dev.gatehouse.controller.marathon.MarathonJson.attached;
import static dev.gatehouse.controller.marathon.MarathonJson.hostApp;
import static dev.gatehouse.controller.marathon.MarathonJson.statusUpdate;
import static dev.gatehouse.controller.marathon.MarathonJson.task;
import static dev.gatehouse.controller.marathon.MarathonStub.SCENARIO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Marathon apps routed by their labels end to end: Gatehouse standalone reading a WireMock Marathon, the
 * apps' tasks being in-process upstreams.
 */
class MarathonRoutingTest {

    @RegisterExtension
    static final WireMockExtension MARATHON = MarathonStub.server();

    @TempDir
    Path manifests;
    private final TestUpstream web1 = TestUpstream.start("web-1");
    private final TestUpstream web2 = TestUpstream.start("web-2");
    private final TestUpstream api = TestUpstream.start("api");
    private Gatehouse gatehouse;

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        web1.close();
        web2.close();
        api.close();
    }

    @Test
    void the_dc_os_seed_apps_route_by_vhost_and_follow_scaling_health_and_removal() {
        MarathonStub.apps(MARATHON, apps(
                app("/web", "web.example.com", healthy("web.1", web1.port(), true)),
                app("/api", "api.example.com", task("/api", "api.1", "127.0.0.1", api.port()))));
        MarathonStub.apps(MARATHON, "scaled", apps(
                app("/web", "web.example.com", healthy("web.1", web1.port(), true), healthy("web.2", web2.port(), true)),
                app("/api", "api.example.com", task("/api", "api.1", "127.0.0.1", api.port()))));
        MarathonStub.apps(MARATHON, "unhealthy", apps(
                app("/web", "web.example.com", healthy("web.1", web1.port(), true), healthy("web.2", web2.port(), false)),
                app("/api", "api.example.com", task("/api", "api.1", "127.0.0.1", api.port()))));
        MarathonStub.apps(MARATHON, "api destroyed", apps(
                app("/web", "web.example.com", healthy("web.1", web1.port(), true))));
        MarathonStub.events(MARATHON, attached(), statusUpdate("/web", "web.2", "TASK_RUNNING"));

        gatehouse = StandaloneGatehouse.serving(manifests,
                ProxySettings.builder().bindAddress("127.0.0.1").httpPort(0).adminPort(0).eventLoopThreads(1).build(),
                TranslatorSettings.defaults()).debounce(Duration.ofMillis(50), Duration.ofMillis(500))
                .marathon(MarathonStub.settings(MarathonStub.url(MARATHON))).start();
        Http http = new Http(gatehouse.proxy().httpAddress().getPort());

        assertThat(Http.answeredBy(http.get("web.example.com", "/"))).as("the first snapshot waits for Marathon").isEqualTo("web-1");
        assertThat(Http.answeredBy(http.get("api.example.com", "/"))).isEqualTo("api");

        // each state change is read after the event stream drops and Gatehouse reconnects and resyncs
        MARATHON.setScenarioState(SCENARIO, "scaled");
        await().atMost(Duration.ofSeconds(10)).until(() -> answers(http, "web.example.com").size() == 2);

        MARATHON.setScenarioState(SCENARIO, "unhealthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> answers(http, "web.example.com").equals(Set.of("web-1")));

        MARATHON.setScenarioState(SCENARIO, "api destroyed");
        await().atMost(Duration.ofSeconds(10)).until(() -> Http.answeredBy(http.get("api.example.com", "/")).equals("status 404"));
        assertThat(answers(http, "web.example.com")).containsExactly("web-1");
    }

    private static String app(String id, String vhost, String... tasks) {
        String app = hostApp(id, tasks).replace("\"HAPROXY_0_VHOST\": \"shop.example.com\"",
                "\"HAPROXY_0_VHOST\": \"" + vhost + "\", \"HAPROXY_0_MODE\": \"http\"");
        return !id.equals("/web") ? app : app.replace("\"healthChecks\": []", """
                "healthChecks": [{"protocol": "MESOS_HTTP", "path": "/", "portIndex": 0, "gracePeriodSeconds": 30,
                  "intervalSeconds": 10, "timeoutSeconds": 5, "maxConsecutiveFailures": 3, "delaySeconds": 15}]""");
    }

    /** A task of /web with the result of its one health check. */
    private static String healthy(String taskId, int port, boolean alive) {
        return task("/web", taskId, "TASK_RUNNING", "127.0.0.1", "127.0.0.1", new int[] {port}, new Boolean[] {alive});
    }

    private static Set<String> answers(Http http, String host) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            seen.add(Http.answeredBy(http.get(host, "/")));
        }
        return seen;
    }
}
