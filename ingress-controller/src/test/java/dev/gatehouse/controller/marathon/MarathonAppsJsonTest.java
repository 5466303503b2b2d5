package dev.gatehouse.controller.marathon;

import static dev.gatehouse.controller.marathon.MarathonJson.apps;
import static dev.gatehouse.controller.marathon.MarathonJson.bridgeApp;
import static dev.gatehouse.controller.marathon.MarathonJson.hostApp;
import static dev.gatehouse.controller.marathon.MarathonJson.overlayApp;
import static dev.gatehouse.controller.marathon.MarathonJson.overlayTask;
import static dev.gatehouse.controller.marathon.MarathonJson.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.controller.marathon.AppsJson.Apps;
import dev.gatehouse.controller.view.MarathonApp;
import dev.gatehouse.controller.view.MarathonApp.HealthCheck;
import dev.gatehouse.controller.view.MarathonApp.Port;
import dev.gatehouse.controller.view.MarathonApp.Task;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How Marathon's JSON becomes apps: ports by networking mode, which tasks take traffic, at which address. */
class MarathonAppsJsonTest {

    @Test
    void a_host_app_takes_its_ports_from_the_port_definitions_and_its_tasks_listen_on_the_agent() {
        MarathonApp app = only(parse(apps(hostApp("/shop/web",
                task("/shop/web", "shop_web.b2", "agent-2.example.com", 31002),
                task("/shop/web", "shop_web.a1", "agent-1.example.com", 31001)))));

        assertThat(app.id()).isEqualTo("/shop/web");
        assertThat(app.labels()).containsExactlyInAnyOrderEntriesOf(
                Map.of("HAPROXY_GROUP", "external", "HAPROXY_0_VHOST", "shop.example.com"));
        assertThat(app.ports()).containsExactly(new Port(10000, "http", "tcp"));
        assertThat(app.tasks()).containsExactly(
                new Task("shop_web.a1", "agent-1.example.com", List.of(31001)),
                new Task("shop_web.b2", "agent-2.example.com", List.of(31002)));
        assertThat(app.healthChecks()).isEmpty();
    }

    @Test
    void a_bridge_app_takes_its_ports_from_the_docker_port_mappings_and_its_tasks_listen_on_host_ports() {
        MarathonApp app = only(parse(apps(bridgeApp("/blog",
                task("/blog", "blog.c3", "10.0.1.12", 31722)))));

        assertThat(app.ports()).containsExactly(new Port(10101, "web", "tcp"));
        assertThat(app.tasks()).containsExactly(new Task("blog.c3", "10.0.1.12", List.of(31722)));
    }

    @Test
    void a_marathon_1_5_bridge_app_takes_its_ports_from_the_container_port_mappings() {
        String app = bridgeApp("/blog", task("/blog", "blog.c3", "10.0.1.12", 31722))
                .replace("\"network\": \"BRIDGE\",", "")
                .replace("\"docker\": {", "\"portMappings\": [{\"containerPort\": 80, \"hostPort\": 0, "
                        + "\"servicePort\": 10102, \"protocol\": \"tcp\", \"name\": \"web\"}], \"docker\": {")
                .replace("\"id\": \"/blog\",", "\"id\": \"/blog\", \"networks\": [{\"mode\": \"container/bridge\"}],");

        MarathonApp read = only(parse(apps(app)));

        assertThat(read.ports()).containsExactly(new Port(10102, "web", "tcp"));
        assertThat(read.tasks()).containsExactly(new Task("blog.c3", "10.0.1.12", List.of(31722)));
    }

    @Test
    void an_app_on_a_container_network_is_reached_at_each_task_ip_on_the_container_port() {
        MarathonApp app = only(parse(apps(overlayApp("/payments",
                overlayTask("/payments", "payments.d4", "10.0.1.13", "9.0.3.4", true)))));

        assertThat(app.ports()).containsExactly(new Port(10200, "api", "tcp"));
        assertThat(app.tasks()).containsExactly(new Task("payments.d4", "9.0.3.4", List.of(8080)));
        assertThat(app.healthChecks()).containsExactly(new HealthCheck("MESOS_HTTP", "/health", 0,
                Duration.ofSeconds(10), Duration.ofSeconds(5), 3));
    }

    @Test
    void an_ip_per_task_app_of_marathon_before_1_5_takes_its_ports_from_discovery() {
        String app = overlayApp("/payments", overlayTask("/payments", "payments.d4", "10.0.1.13", "9.0.3.4", true))
                .replace("\"networks\": [{\"name\": \"dcos\", \"mode\": \"container\"}],", "\"ipAddress\": {\"networkName\": "
                        + "\"dcos\", \"groups\": [], \"labels\": {}, \"discovery\": {\"ports\": [{\"number\": 8443, "
                        + "\"name\": \"https\", \"protocol\": \"tcp\"}]}},")
                .replaceAll("\"portMappings\": \\[[^]]*]", "\"portMappings\": []");

        MarathonApp read = only(parse(apps(app)));

        assertThat(read.ports()).containsExactly(new Port(0, "https", "tcp"));
        assertThat(read.tasks()).containsExactly(new Task("payments.d4", "9.0.3.4", List.of(8443)));
    }

    @Test
    void tasks_that_are_not_running_take_no_traffic_and_lost_or_unreachable_ones_keep_it_as_in_marathon_lb() {
        int[] port = {31001};
        MarathonApp app = only(parse(apps(hostApp("/shop/web",
                task("/shop/web", "t.running", "TASK_RUNNING", "a1", "a1", port, null),
                task("/shop/web", "t.staging", "TASK_STAGING", "a1", "a1", port, null),
                task("/shop/web", "t.killing", "TASK_KILLING", "a1", "a1", port, null),
                task("/shop/web", "t.unreachable", "TASK_UNREACHABLE", "a1", "a1", port, null),
                task("/shop/web", "t.lost", "TASK_LOST", "a1", "a1", port, null),
                task("/shop/web", "t.gone", "TASK_GONE_BY_OPERATOR", "a1", "a1", port, null),
                task("/shop/web", "t.stateless", "TASK_RUNNING", "a1", "a1", port, null)
                        .replace("\"state\": \"TASK_RUNNING\",", "")))));

        assertThat(app.tasks()).extracting(Task::id)
                .containsExactly("t.lost", "t.running", "t.stateless", "t.unreachable");
    }

    @Test
    void with_health_checks_a_task_takes_traffic_once_every_check_reported_it_alive() {
        String twoChecks = overlayApp("/payments",
                overlayTask("/payments", "t.alive", "a1", "9.0.0.1", true, true),
                overlayTask("/payments", "t.dead", "a1", "9.0.0.2", true, false),
                overlayTask("/payments", "t.half", "a1", "9.0.0.3", true),
                overlayTask("/payments", "t.new", "a1", "9.0.0.4"))
                .replace("\"ipProtocol\": \"IPv4\"}", "\"ipProtocol\": \"IPv4\"}, {\"protocol\": \"TCP\", \"portIndex\": 0}");

        assertThat(only(parse(apps(twoChecks))).tasks()).extracting(Task::id).containsExactly("t.alive");
    }

    @Test
    void a_task_that_took_traffic_keeps_it_while_its_checks_have_not_reported_as_after_a_marathon_leader_change() {
        String app = overlayApp("/payments",
                overlayTask("/payments", "t.known", "a1", "9.0.0.1"),
                overlayTask("/payments", "t.new", "a1", "9.0.0.2"),
                overlayTask("/payments", "t.dead", "a1", "9.0.0.3", false));

        Apps read = AppsJson.parse(bytes(apps(app)), Set.of("t.known", "t.dead"));

        assertThat(only(read).tasks()).extracting(Task::id).containsExactly("t.known");
    }

    @Test
    void a_task_of_an_older_version_with_fewer_ports_serves_the_ports_it_has() {
        String app = hostApp("/shop/web", task("/shop/web", "t.old", "a1", 31001), task("/shop/web", "t.new", "a2", 31005, 31006))
                .replace("\"portDefinitions\": [", "\"portDefinitions\": [{\"port\": 10001, \"protocol\": \"tcp\"}, ");

        MarathonApp read = only(parse(apps(app)));

        assertThat(read.ports()).containsExactly(new Port(10001, null, "tcp"), new Port(10000, "http", "tcp"));
        assertThat(read.tasks()).containsExactly(new Task("t.new", "a2", List.of(31005, 31006)),
                new Task("t.old", "a1", List.of(31001)));
    }

    @Test
    void an_app_that_cannot_be_read_is_left_out_with_its_id_and_field_and_the_others_are_read() {
        String broken = hostApp("/broken", task("/broken", "broken.1", "a1", 31009))
                .replace("\"port\": 10000", "\"port\": \"http\"");
        String brokenTask = task("/shop/web", "shop_web.x", "a1", 31003).replace("\"ports\": [31003]", "\"ports\": \"31003\"");
        String noHost = task("/shop/web", "shop_web.y", "a1", 31004).replace("\"host\": \"a1\"", "\"host\": null");

        Apps read = parse(apps(broken, hostApp("/shop/web", task("/shop/web", "shop_web.a1", "a1", 31001), brokenTask, noHost),
                "{\"id\": 42}", "{\"id\": \"relative\"}"));

        assertThat(read.apps()).extracting(MarathonApp::id).containsExactly("/shop/web");
        assertThat(read.apps().get(0).tasks()).extracting(Task::id).containsExactly("shop_web.a1");
        assertThat(read.problems()).containsExactly(
                "app /broken left out: field portDefinitions[0].port: expected a whole number, got \"http\"",
                "app /shop/web: task shop_web.x left out: field ports: expected an array, got \"31003\"",
                "app /shop/web: task shop_web.y left out: field host: expected the agent the task runs on, got null",
                "app apps[2] left out: field id: expected a string, got 42",
                "app relative left out: field id: expected an app id starting with \"/\", got \"relative\"");
    }

    @Test
    void a_body_without_a_list_of_apps_fails_the_read_as_a_whole() {
        assertThatThrownBy(() -> parse("<html>503 Service Unavailable</html>"))
                .isInstanceOf(AppsJson.BadBody.class)
                .hasMessageStartingWith("the body is not JSON: ");
        assertThatThrownBy(() -> parse("{\"message\": \"Could not determine the current leader\"}"))
                .isInstanceOf(Field.BadField.class)
                .hasMessage("field apps: expected an array of apps, got nothing");
    }

    private static Apps parse(String body) {
        return AppsJson.parse(bytes(body), Set.of());
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static MarathonApp only(Apps apps) {
        assertThat(apps.problems()).isEmpty();
        assertThat(apps.apps()).hasSize(1);
        return apps.apps().get(0);
    }
}
