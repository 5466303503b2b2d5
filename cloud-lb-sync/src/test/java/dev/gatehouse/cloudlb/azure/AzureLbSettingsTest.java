package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudsdk.AzureRetry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class AzureLbSettingsTest {

    private static AzureLbSettings.Builder valid() {
        return AzureLbSettings.builder(FakeArm.SUBSCRIPTION, "gatehouse-rg", "westeurope", FakeArm.VNET);
    }

    @Test
    void refusesAPlainHttpEndpointBecauseTheSdkSendsTokensOnlyOverTls() {
        assertThatThrownBy(() -> valid().resourceManagerEndpoint(URI.create("http://127.0.0.1:8080/")).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("azure settings: resource manager endpoint http://127.0.0.1:8080/: expected an https URL"
                        + " (the Azure SDK sends bearer tokens only over TLS)");
    }

    @Test
    void refusesAVirtualNetworkIdThatIsASubnetsId() {
        assertThatThrownBy(() -> AzureLbSettings.builder(FakeArm.SUBSCRIPTION, "rg", "westeurope", FakeArm.NODE_SUBNET)
                .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("virtual network id \"" + FakeArm.NODE_SUBNET + "\": expected the resource id of a"
                        + " Microsoft.Network/virtualNetworks (/subscriptions/<id>/resourceGroups/<group>/providers/"
                        + "Microsoft.Network/virtualNetworks/<name>)");
    }

    @Test
    void refusesASecurityGroupIdThatIsNotOne() {
        assertThatThrownBy(() -> valid().securityGroupId("nodes-nsg").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("security group id \"nodes-nsg\": expected the resource id of a"
                        + " Microsoft.Network/networkSecurityGroups");
    }

    @Test
    void refusesABlankResourceGroup() {
        assertThatThrownBy(() -> AzureLbSettings.builder(FakeArm.SUBSCRIPTION, " ", "westeurope", FakeArm.VNET).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("azure settings: resource group \" \": expected a value");
    }

    @Test
    void refusesPrioritiesOutsideWhatAzureAllows() {
        assertThatThrownBy(() -> new AzureLbSettings.PriorityRange(50, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("azure security rule priorities 50..4096: expected a range within 100..4096");
    }

    @Test
    void refusesAZeroTimeoutAndAMaxDelayShorterThanTheBaseDelay() {
        assertThatThrownBy(() -> new AzureLbSettings.Timeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("azure timeouts: connect PT0S must be positive");
        assertThatThrownBy(() -> new AzureRetry(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("azure retry: maxDelay PT1S must be at least baseDelay PT2S");
    }

    @Test
    void printsNeitherTheCredentialNorAnythingItHolds() {
        TokenCredential credential = new TokenCredential() {
            @Override
            public Mono<AccessToken> getToken(TokenRequestContext request) {
                return Mono.just(new AccessToken("secret-token", OffsetDateTime.now().plusHours(1)));
            }

            @Override
            public String toString() {
                return "secret-token";
            }
        };

        String printed = valid().credential(credential).build().toString();

        assertThat(printed).doesNotContain("secret-token").contains("credential=").contains("resourceGroup=gatehouse-rg");
    }
}
