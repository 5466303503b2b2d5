package dev.gatehouse.dns.azure;

import dev.gatehouse.cloudsdk.AzureRetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.TokenCredential;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class AzureDnsSettingsTest {

    @Test
    void refusesAPlainHttpEndpointBecauseTheSdkSendsTokensOnlyOverTls() {
        AzureDnsSettings.Builder builder = AzureDnsSettings.builder("sub-1")
                .resourceManagerEndpoint(URI.create("http://127.0.0.1:8080/"));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resource manager endpoint http://127.0.0.1:8080/: expected an https URL");
    }

    @Test
    void refusesABlankSubscriptionId() {
        assertThatThrownBy(() -> AzureDnsSettings.builder(" ").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("subscription id \" \"");
    }

    @Test
    void refusesAMaxDelayShorterThanTheBaseDelay() {
        assertThatThrownBy(() -> new AzureRetry(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("azure retry: maxDelay PT1S must be at least baseDelay PT2S");
    }

    @Test
    void canonicalizesTheDomainFilter() {
        assertThat(AzureDnsSettings.builder("sub-1").domainFilter(List.of("Example.COM.")).build().domainFilter())
                .containsExactly("example.com");
    }

    @Test
    void leavesTheCredentialsOwnTextOutOfToString() {
        TokenCredential credential = new TokenCredential() {
            @Override
            public Mono<com.azure.core.credential.AccessToken> getToken(
                    com.azure.core.credential.TokenRequestContext request) {
                return Mono.empty();
            }

            @Override
            public String toString() {
                return "client-secret-123";
            }
        };

        assertThat(AzureDnsSettings.builder("sub-1").credential(credential).build().toString())
                .contains("sub-1")
                .doesNotContain("client-secret-123");
    }
}
