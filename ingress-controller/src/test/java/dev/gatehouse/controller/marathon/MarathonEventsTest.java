package dev.gatehouse.controller.marathon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.controller.marathon.MarathonJson.attached;
import static dev.gatehouse.controller.marathon.MarathonJson.event;
import static dev.gatehouse.controller.marathon.MarathonJson.statusUpdate;
import static dev.gatehouse.controller.marathon.MarathonStub.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which events of the stream mark the source dirty, and that each opening asks for a full read. */
class MarathonEventsTest {

    @RegisterExtension
    static final WireMockExtension MARATHON = MarathonStub.server();

    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger changed = new AtomicInteger();

    @Test
    void only_events_that_can_change_routes_mark_the_source_dirty_and_their_payload_is_not_read() {
        MarathonStub.events(MARATHON, attached(),
                statusUpdate("/shop/web", "shop_web.a1", "TASK_RUNNING"),
                event("deployment_info", "{\"plan\":{\"id\":\"d1\"},\"eventType\":\"deployment_info\"}"),
                event("health_status_changed_event", "not even JSON"),
                ": a comment\r\n",
                event("failed_health_check_event", "{\"eventType\":\"failed_health_check_event\"}"),
                event("api_post_event", "{\"eventType\":\"api_post_event\"}"),
                event("app_terminated_event", "{\"eventType\":\"app_terminated_event\"}"),
                event("deployment_success", "{\"eventType\":\"deployment_success\"}"));
        // one opening only: the next waits a minute
        MarathonSettings settings = MarathonStub.settings(MarathonStub.url(MARATHON))
                .withReconnect(Duration.ofMinutes(1), Duration.ofMinutes(2));

        try (MarathonHttp http = new MarathonHttp(settings);
             MarathonEvents events = new MarathonEvents(http, settings, connected::incrementAndGet,
                     changed::incrementAndGet, new MarathonMetrics(new PrometheusRegistry()))) {
            events.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> changed.get() == 5);
            assertThat(connected.get()).isEqualTo(1);
        }
        MARATHON.verify(1, getRequestedFor(urlPathEqualTo(EVENTS)));
    }

    @Test
    void closing_ends_a_stream_that_is_still_open() {
        MARATHON.stubFor(get(urlPathEqualTo(EVENTS))
                .willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(attached() + ": keeping the stream open\r\n".repeat(50))
                        .withChunkedDribbleDelay(50, 20_000)));
        MarathonSettings settings = MarathonStub.settings(MarathonStub.url(MARATHON));
        MarathonHttp http = new MarathonHttp(settings);
        MarathonEvents events = new MarathonEvents(http, settings, connected::incrementAndGet, changed::incrementAndGet,
                new MarathonMetrics(new PrometheusRegistry()));
        events.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> connected.get() == 1);

        long start = System.nanoTime();
        events.close();
        http.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(connected.get()).isEqualTo(1);
    }
}
