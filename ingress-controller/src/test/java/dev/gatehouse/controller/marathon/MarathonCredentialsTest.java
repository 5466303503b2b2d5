package dev.gatehouse.controller.marathon;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.controller.marathon.MarathonJson.apps;
import static dev.gatehouse.controller.marathon.MarathonJson.attached;
import static dev.gatehouse.controller.marathon.MarathonStub.APPS;
import static dev.gatehouse.controller.marathon.MarathonStub.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatehouse.controller.marathon.MarathonSettings.Credentials;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The credentials go with every request, the REST reads and the event stream alike. */
class MarathonCredentialsTest {

    @RegisterExtension
    static final WireMockExtension MARATHON = MarathonStub.server();

    @Test
    void basic_credentials_are_sent_as_http_basic_authentication() {
        String header = requestsWith(Credentials.parseBasic("gatehouse:s3cr:et"));

        assertThat(header).isEqualTo("Basic Z2F0ZWhvdXNlOnMzY3I6ZXQ=");
    }

    @Test
    void a_dcos_token_is_sent_as_the_token_authorization() {
        String header = requestsWith(Credentials.token("eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiJnYXRlaG91c2UifQ.c2ln"));

        assertThat(header).isEqualTo("token=eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiJnYXRlaG91c2UifQ.c2ln");
    }

    @Test
    void without_credentials_no_authorization_is_sent() {
        requestsWith(Credentials.none());

        MARATHON.verify(getRequestedFor(urlPathEqualTo(APPS)).withHeader("Authorization", absent()));
        MARATHON.verify(getRequestedFor(urlPathEqualTo(EVENTS)).withHeader("Authorization", absent()));
    }

    @Test
    void settings_never_show_a_secret() {
        MarathonSettings settings = MarathonStub.settings(MarathonStub.url(MARATHON));

        assertThat(settings.withCredentials(Credentials.basic("gatehouse", "s3cret")).toString())
                .contains("user=gatehouse").doesNotContain("s3cret");
        assertThat(settings.withCredentials(Credentials.token("tok3n")).toString()).doesNotContain("tok3n");
    }

    /** Reads once with the credentials and follows the stream; the Authorization header both sent, if any. */
    private String requestsWith(Credentials credentials) {
        MarathonStub.apps(MARATHON, apps());
        MarathonStub.events(MARATHON, attached());
        try (MarathonSource source = MarathonSource.start(
                MarathonStub.settings(MarathonStub.url(MARATHON)).withCredentials(credentials),
                new PrometheusRegistry(), () -> { })) {
            await().atMost(Duration.ofSeconds(10)).until(source::synced);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> !MARATHON.findAll(getRequestedFor(urlPathEqualTo(EVENTS))).isEmpty());
        }
        String apps = MARATHON.findAll(getRequestedFor(urlPathEqualTo(APPS))).get(0).getHeader("Authorization");
        String events = MARATHON.findAll(getRequestedFor(urlPathEqualTo(EVENTS))).get(0).getHeader("Authorization");
        assertThat(events).isEqualTo(apps);
        return apps;
    }
}
