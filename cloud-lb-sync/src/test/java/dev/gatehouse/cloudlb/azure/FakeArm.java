package dev.gatehouse.cloudlb.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import dev.gatehouse.cloud.fake.azure.ArmNetworkFake;
import dev.gatehouse.cloud.fake.azure.PinnedWireMockTrust;
import dev.gatehouse.cloudsdk.AzureRetry;
import java.time.Duration;
import java.time.OffsetDateTime;
import reactor.core.publisher.Mono;

/**
 * The shared Azure network fake with this module's client pointed at it: the settings classes are
 * package-private here, so the library in cloud-sdk's test-jar cannot build them.
 */
final class FakeArm extends ArmNetworkFake {

    /** Settings pointing at the fake, with retries that wait milliseconds rather than seconds. */
    AzureLbSettings.Builder settings() {
        TokenCredential token = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        return AzureLbSettings.builder(SUBSCRIPTION, GROUP, LOCATION, VNET)
                .tenantId("tenant-1")
                .internalSubnetId(NODE_SUBNET)
                .credential(token)
                .resourceManagerEndpoint(endpoint())
                .sslContext(PinnedWireMockTrust.sslContext())
                .retry(new AzureRetry(2, Duration.ofMillis(1), Duration.ofMillis(5)))
                .timeouts(new AzureLbSettings.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10),
                        Duration.ofSeconds(20), Duration.ofMillis(10)));
    }

    AzureLoadBalancing azure() {
        return AzureLoadBalancing.create(settings().build());
    }
}
