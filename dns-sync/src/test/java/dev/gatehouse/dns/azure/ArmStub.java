package dev.gatehouse.dns.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatehouse.cloud.fake.azure.ArmDnsStub;
import dev.gatehouse.cloud.fake.azure.PinnedWireMockTrust;
import dev.gatehouse.cloudsdk.AzureRetry;
import dev.gatehouse.dns.Zone;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * The shared Azure DNS stub with this module's provider pointed at it: the settings classes are
 * package-private here, so the library in cloud-sdk's test-jar cannot build them.
 */
final class ArmStub extends ArmDnsStub {

    private ArmStub() {
    }

    /** Settings pointing at the stub, with retries that wait milliseconds rather than seconds. */
    static AzureDnsSettings.Builder settings(WireMockExtension server) {
        return settings(baseUrl(server));
    }

    static AzureDnsSettings.Builder settings(String baseUrl) {
        TokenCredential token = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        return AzureDnsSettings.builder(SUBSCRIPTION)
                .tenantId("tenant-1")
                .resourceGroups(List.of(GROUP))
                .credential(token)
                .resourceManagerEndpoint(URI.create(baseUrl + "/"))
                .sslContext(PinnedWireMockTrust.sslContext())
                .retry(new AzureRetry(2, Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    static AzureDnsProvider provider(WireMockExtension server) {
        return AzureDnsProvider.create(settings(server).build());
    }

    static Zone zone(String name) {
        return new Zone(zoneId(GROUP, name), name);
    }
}
