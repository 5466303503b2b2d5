package dev.gatehouse.controller.marathon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.controller.marathon.MarathonJson.apps;
import static dev.gatehouse.controller.marathon.MarathonJson.attached;
import static dev.gatehouse.controller.marathon.MarathonJson.hostApp;
import static dev.gatehouse.controller.marathon.MarathonJson.task;
import static dev.gatehouse.controller.marathon.MarathonStub.APPS;
import static dev.gatehouse.controller.marathon.MarathonStub.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatehouse.controller.view.MarathonApp;
import dev.gatehouse.logging.testing.LogCapture;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Several URLs of one Marathon: the next is tried when one has no leader or is not there at all. */
class MarathonFailoverTest {

    @RegisterExtension
    static final WireMockExtension FIRST = MarathonStub.server();
    @RegisterExtension
    static final WireMockExtension SECOND = MarathonStub.server();

    private MarathonSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void a_marathon_without_a_leader_is_passed_over_for_the_next_url() {
        FIRST.stubFor(get(urlPathEqualTo(APPS)).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Could not determine the current leader\"}")));
        FIRST.stubFor(get(urlPathEqualTo(EVENTS)).willReturn(aResponse().withStatus(503)));
        MarathonStub.apps(SECOND, apps(hostApp("/shop/web", task("/shop/web", "shop_web.a1", "10.0.1.11", 31001))));
        MarathonStub.events(SECOND, attached());

        source = MarathonSource.start(MarathonStub.settings(MarathonStub.url(FIRST), MarathonStub.url(SECOND)),
                new PrometheusRegistry(), () -> { });

        await().atMost(Duration.ofSeconds(10)).until(source::synced);
        assertThat(source.apps()).extracting(MarathonApp::id).containsExactly("/shop/web");
        FIRST.verify(getRequestedFor(urlPathEqualTo(APPS)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !SECOND.findAll(getRequestedFor(urlPathEqualTo(EVENTS))).isEmpty());
    }

    @Test
    void a_url_that_refuses_connections_is_passed_over_and_the_one_that_answered_is_asked_first_from_then_on()
            throws IOException {
        MarathonStub.apps(SECOND, apps(hostApp("/shop/web", task("/shop/web", "shop_web.a1", "10.0.1.11", 31001))));
        MarathonStub.events(SECOND, attached());

        source = MarathonSource.start(MarathonStub.settings(refusing(), MarathonStub.url(SECOND)), new PrometheusRegistry(),
                () -> { });

        await().atMost(Duration.ofSeconds(10)).until(source::synced);
        assertThat(source.apps()).extracting(MarathonApp::id).containsExactly("/shop/web");
        // the stream keeps dropping, and every reopening reads: all of them from the second URL
        await().atMost(Duration.ofSeconds(10))
                .until(() -> SECOND.findAll(getRequestedFor(urlPathEqualTo(APPS))).size() >= 3);
    }

    @Test
    void a_url_that_refuses_connections_is_logged_as_a_refused_connection_with_the_url() throws IOException {
        URI refusing = refusing();
        try (LogCapture logs = LogCapture.start()) {
            source = MarathonSource.start(MarathonStub.settings(refusing), new PrometheusRegistry(), () -> { });

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(logs.atLeast(Level.WARN))
                    .anyMatch(event -> event.getFormattedMessage().startsWith("no Marathon URL answered GET "
                            + MarathonClient.APPS + ": " + refusing + ": connection refused;")));
        }
    }

    /** A loopback port that nothing listens on any more. */
    private static URI refusing() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
