package dev.gatehouse.controller.marathon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** A Marathon on loopback: {@code /v2/apps} by scenario state, and event streams that end after their body. */
final class MarathonStub {

    static final String SCENARIO = "marathon";
    static final String APPS = "/v2/apps";
    static final String EVENTS = "/v2/events";

    private MarathonStub() {
    }

    static WireMockExtension server() {
        return WireMockExtension.newInstance().options(wireMockConfig().bindAddress("127.0.0.1").dynamicPort()).build();
    }

    static URI url(WireMockExtension server) {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    /** Settings for the stubs: reconnects within a fraction of a second, no resync during a test. */
    static MarathonSettings settings(URI... urls) {
        return MarathonSettings.of(List.of(urls))
                .withResyncInterval(Duration.ofHours(1))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    /** {@code /v2/apps?embed=apps.tasks} answers {@code body} while the scenario is in {@code state}. */
    static void apps(WireMockExtension server, String state, String body) {
        server.stubFor(get(urlPathEqualTo(APPS)).inScenario(SCENARIO).whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    static void apps(WireMockExtension server, String body) {
        apps(server, Scenario.STARTED, body);
    }

    /** {@code /v2/events} answers these frames and ends, which is how the stream drops. */
    static void events(WireMockExtension server, String... frames) {
        server.stubFor(get(urlPathEqualTo(EVENTS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(String.join("", frames))));
    }

    static double counter(PrometheusRegistry registry, String name, String result) {
        return registry.scrape().stream()
                .filter(CounterSnapshot.class::isInstance).map(CounterSnapshot.class::cast)
                .filter(snapshot -> snapshot.getMetadata().getName().equals(name))
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .filter(point -> result == null || result.equals(point.getLabels().get("result")))
                .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
                .sum();
    }

    static double gauge(PrometheusRegistry registry, String name) {
        return registry.scrape().stream()
                .filter(GaugeSnapshot.class::isInstance).map(GaugeSnapshot.class::cast)
                .filter(snapshot -> snapshot.getMetadata().getName().equals(name))
                .flatMap(snapshot -> snapshot.getDataPoints().stream())
                .mapToDouble(GaugeSnapshot.GaugeDataPointSnapshot::getValue)
                .sum();
    }
}
