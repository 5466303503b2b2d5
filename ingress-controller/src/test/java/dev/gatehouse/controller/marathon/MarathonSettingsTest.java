package dev.gatehouse.controller.marathon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.controller.marathon.MarathonSettings.Credentials;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MarathonSettingsTest {

    @Test
    void urls_lose_a_trailing_slash_and_keep_a_path_prefix() {
        MarathonSettings settings = MarathonSettings.of("http://marathon-1:8080/", "https://leader.mesos/marathon");

        assertThat(settings.urls()).containsExactly(URI.create("http://marathon-1:8080"),
                URI.create("https://leader.mesos/marathon"));
        assertThat(settings.resyncInterval()).isEqualTo(MarathonSettings.DEFAULT_RESYNC_INTERVAL);
    }

    @Test
    void a_url_with_credentials_is_refused_without_showing_them() {
        assertThatThrownBy(() -> MarathonSettings.of("http://admin:s3cret@marathon-1:8080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://***@marathon-1:8080")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void urls_must_be_absolute_http_or_https_without_a_query() {
        assertThatThrownBy(() -> MarathonSettings.of("marathon-1:8080"))
                .hasMessage("marathon URL \"marathon-1:8080\" must be absolute http or https (expected: http://host:8080)");
        assertThatThrownBy(() -> MarathonSettings.of("http://marathon-1:8080/?embed=apps.tasks"))
                .hasMessageContaining("must not have a query or fragment");
        assertThatThrownBy(MarathonSettings::of).hasMessageContaining("at least one URL is needed");
    }

    @Test
    void basic_credentials_split_at_the_first_colon_as_user_and_password() {
        assertThat(Credentials.parseBasic("gatehouse:a:b")).isEqualTo(Credentials.basic("gatehouse", "a:b"));
        assertThatThrownBy(() -> Credentials.parseBasic("gatehouse"))
                .hasMessageContaining("must be user:password");
    }
}
