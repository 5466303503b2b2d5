package dev.gatehouse.controller.marathon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.controller.marathon.MarathonJson.apps;
import static dev.gatehouse.controller.marathon.MarathonJson.attached;
import static dev.gatehouse.controller.marathon.MarathonJson.bridgeApp;
import static dev.gatehouse.controller.marathon.MarathonJson.hostApp;
import static dev.gatehouse.controller.marathon.MarathonJson.overlayApp;
import static dev.gatehouse.controller.marathon.MarathonJson.overlayTask;
import static dev.gatehouse.controller.marathon.MarathonJson.task;
import static dev.gatehouse.controller.marathon.MarathonStub.APPS;
import static dev.gatehouse.controller.marathon.MarathonStub.EVENTS;
import static dev.gatehouse.controller.marathon.MarathonStub.SCENARIO;
import static dev.gatehouse.controller.marathon.MarathonStub.counter;
import static dev.gatehouse.controller.marathon.MarathonStub.gauge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.gatehouse.controller.view.MarathonApp;
import dev.gatehouse.controller.view.MarathonApp.Task;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The source against a Marathon whose event stream keeps dropping: every reopening makes a full read, so
 * what the scenario serves next is what the source lists next.
 */
class MarathonSourceTest {

    @RegisterExtension
    static final WireMockExtension MARATHON = MarathonStub.server();
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private static final String WEB = hostApp("/shop/web",
            task("/shop/web", "shop_web.a1", "10.0.1.11", 31001),
            task("/shop/web", "shop_web.b2", "10.0.1.12", 31002));
    private static final String BLOG = bridgeApp("/blog", task("/blog", "blog.c3", "10.0.1.12", 31722));
    private static final String PAYMENTS = overlayApp("/payments",
            overlayTask("/payments", "payments.d4", "10.0.1.13", "9.0.3.4", true),
            overlayTask("/payments", "payments.e5", "10.0.1.14", "9.0.3.5", true));

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final AtomicInteger changes = new AtomicInteger();
    private MarathonSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void apps_appear_sorted_by_id_with_ports_and_tasks_once_marathon_answers() {
        MarathonStub.apps(MARATHON, apps(WEB, PAYMENTS, BLOG));
        MarathonStub.events(MARATHON, attached());

        start();

        await().atMost(WITHIN).until(source::synced);
        assertThat(source.apps()).extracting(MarathonApp::id).containsExactly("/blog", "/payments", "/shop/web");
        assertThat(app("/payments").tasks()).containsExactly(new Task("payments.d4", "9.0.3.4", List.of(8080)),
                new Task("payments.e5", "9.0.3.5", List.of(8080)));
        assertThat(changes.get()).isEqualTo(1);
        assertThat(gauge(registry, "gatehouse_marathon_apps")).isEqualTo(3);
        MARATHON.verify(getRequestedFor(urlPathEqualTo(APPS)).withQueryParam("embed", equalTo("apps.tasks"))
                .withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void an_app_that_scales_up_is_listed_with_its_new_task() {
        MarathonStub.apps(MARATHON, apps(WEB));
        MarathonStub.apps(MARATHON, "scaled", apps(hostApp("/shop/web",
                task("/shop/web", "shop_web.a1", "10.0.1.11", 31001),
                task("/shop/web", "shop_web.b2", "10.0.1.12", 31002),
                task("/shop/web", "shop_web.f6", "10.0.1.13", 31007))));
        MarathonStub.events(MARATHON, attached());
        start();
        await().atMost(WITHIN).until(source::synced);

        MARATHON.setScenarioState(SCENARIO, "scaled");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(app("/shop/web").tasks()).extracting(Task::address)
                .containsExactly("10.0.1.11", "10.0.1.12", "10.0.1.13"));
        assertThat(changes.get()).isEqualTo(2);
    }

    @Test
    void a_task_whose_health_check_fails_leaves_the_list() {
        MarathonStub.apps(MARATHON, apps(PAYMENTS));
        MarathonStub.apps(MARATHON, "unhealthy", apps(overlayApp("/payments",
                overlayTask("/payments", "payments.d4", "10.0.1.13", "9.0.3.4", false),
                overlayTask("/payments", "payments.e5", "10.0.1.14", "9.0.3.5", true))));
        MarathonStub.events(MARATHON, attached());
        start();
        await().atMost(WITHIN).until(() -> source.synced() && app("/payments").tasks().size() == 2);

        MARATHON.setScenarioState(SCENARIO, "unhealthy");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(app("/payments").tasks()).extracting(Task::id)
                .containsExactly("payments.e5"));
    }

    @Test
    void an_app_that_is_destroyed_disappears() {
        MarathonStub.apps(MARATHON, apps(WEB, BLOG));
        MarathonStub.apps(MARATHON, "destroyed", apps(WEB));
        MarathonStub.events(MARATHON, attached());
        start();
        await().atMost(WITHIN).until(() -> source.apps().size() == 2);

        MARATHON.setScenarioState(SCENARIO, "destroyed");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(source.apps()).extracting(MarathonApp::id)
                .containsExactly("/shop/web"));
        assertThat(gauge(registry, "gatehouse_marathon_apps")).isEqualTo(1);
    }

    @Test
    void when_the_event_stream_drops_the_source_reopens_it_and_reads_every_app_again() {
        MarathonStub.apps(MARATHON, apps(WEB));
        MarathonStub.apps(MARATHON, "changed while disconnected", apps(WEB, BLOG));
        MarathonStub.events(MARATHON, attached());
        start();
        await().atMost(WITHIN).until(source::synced);
        int readsBefore = MARATHON.findAll(getRequestedFor(urlPathEqualTo(APPS))).size();

        MARATHON.setScenarioState(SCENARIO, "changed while disconnected");

        await().atMost(WITHIN).until(() -> source.apps().size() == 2);
        assertThat(MARATHON.findAll(getRequestedFor(urlPathEqualTo(EVENTS))).size()).isGreaterThanOrEqualTo(2);
        assertThat(MARATHON.findAll(getRequestedFor(urlPathEqualTo(APPS))).size()).isGreaterThan(readsBefore);
        assertThat(counter(registry, "gatehouse_marathon_event_stream_reconnects", null)).isGreaterThanOrEqualTo(1);
        MARATHON.verify(getRequestedFor(urlPathEqualTo(EVENTS)).withHeader("Accept", equalTo("text/event-stream"))
                .withQueryParam("event_type", equalTo("status_update_event"))
                .withQueryParam("plan-format", equalTo("light")));
    }

    @Test
    void a_failed_read_keeps_the_last_good_list_and_is_counted() {
        MarathonStub.apps(MARATHON, apps(WEB, BLOG));
        MARATHON.stubFor(get(urlPathEqualTo(APPS)).inScenario(SCENARIO).whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(500).withBody("{\"message\":\"Internal Server Error\"}")));
        MarathonStub.events(MARATHON, attached());
        start();
        await().atMost(WITHIN).until(source::synced);
        List<MarathonApp> good = source.apps();

        MARATHON.setScenarioState(SCENARIO, "down");

        await().atMost(WITHIN).until(() -> counter(registry, "gatehouse_marathon_reads", "failed") >= 2);
        assertThat(source.apps()).isEqualTo(good).hasSize(2);
        assertThat(source.synced()).isTrue();
        assertThat(changes.get()).isEqualTo(1);
        assertThat(gauge(registry, "gatehouse_marathon_apps")).isEqualTo(2);

        MARATHON.setScenarioState(SCENARIO, Scenario.STARTED);
        double okBefore = counter(registry, "gatehouse_marathon_reads", "ok");
        await().atMost(WITHIN).until(() -> counter(registry, "gatehouse_marathon_reads", "ok") > okBefore);
        assertThat(changes.get()).isEqualTo(1);
    }

    @Test
    void an_app_that_cannot_be_read_is_left_out_and_the_others_are_listed() {
        String broken = hostApp("/broken", task("/broken", "broken.1", "10.0.1.15", 31009))
                .replace("\"labels\": {\"HAPROXY_GROUP\": \"external\"", "\"labels\": {\"HAPROXY_GROUP\": [\"external\"]");
        MarathonStub.apps(MARATHON, apps(WEB, broken, BLOG));
        MarathonStub.events(MARATHON, attached());

        start();

        await().atMost(WITHIN).until(source::synced);
        assertThat(source.apps()).extracting(MarathonApp::id).containsExactly("/blog", "/shop/web");
        assertThat(gauge(registry, "gatehouse_marathon_left_out")).isEqualTo(1);
    }

    @Test
    void before_the_first_good_read_the_source_is_not_synced_and_lists_nothing() {
        MARATHON.stubFor(get(urlPathEqualTo(APPS)).willReturn(aResponse().withStatus(503)
                .withBody("{\"message\":\"Could not determine the current leader\"}")));
        MarathonStub.events(MARATHON, attached());

        start();

        await().atMost(WITHIN).until(() -> counter(registry, "gatehouse_marathon_reads", "failed") >= 2);
        assertThat(source.synced()).isFalse();
        assertThat(source.apps()).isEmpty();
        assertThat(changes.get()).isZero();
    }

    private void start() {
        source = MarathonSource.start(MarathonStub.settings(MarathonStub.url(MARATHON)), registry, changes::incrementAndGet);
    }

    private MarathonApp app(String id) {
        return source.apps().stream().filter(app -> app.id().equals(id)).findFirst().orElseThrow();
    }
}
