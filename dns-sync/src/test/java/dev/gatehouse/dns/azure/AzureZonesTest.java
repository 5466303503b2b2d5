package dev.gatehouse.dns.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.dns.azure.ArmStub.SUBSCRIPTION;
import static dev.gatehouse.dns.azure.ArmStub.TOKEN;
import static dev.gatehouse.dns.azure.ArmStub.page;
import static dev.gatehouse.dns.azure.ArmStub.zoneId;
import static dev.gatehouse.dns.azure.ArmStub.zoneJson;
import static dev.gatehouse.dns.azure.ArmStub.zonesPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.Zone;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureZonesTest {

    @RegisterExtension
    static final WireMockExtension ARM = ArmStub.server();

    private static final String SUBSCRIPTION_ZONES = "/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.Network/dnszones";

    @Test
    void listsTheZonesOfEveryConfiguredResourceGroupByResourceId() {
        ARM.stubFor(get(urlPathEqualTo(zonesPath("dns-rg")))
                .willReturn(okJson(page(null, zoneJson("dns-rg", "example.com")))));
        ARM.stubFor(get(urlPathEqualTo(zonesPath("edge-rg")))
                .willReturn(okJson(page(null, zoneJson("edge-rg", "example.org")))));
        AzureDnsProvider provider = AzureDnsProvider.create(ArmStub.settings(ARM)
                .resourceGroups(List.of("dns-rg", "edge-rg")).build());

        assertThat(provider.zones()).containsExactly(
                new Zone(zoneId("dns-rg", "example.com"), "example.com"),
                new Zone(zoneId("edge-rg", "example.org"), "example.org"));
        ARM.verify(getRequestedFor(urlPathEqualTo(zonesPath("edge-rg")))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void listsEveryPageOfTheSubscriptionsZonesWhenNoResourceGroupIsNamed() {
        String secondPage = ArmStub.baseUrl(ARM) + SUBSCRIPTION_ZONES + "?api-version=2018-05-01&$skipToken=zones-2";
        ARM.stubFor(get(urlPathEqualTo(SUBSCRIPTION_ZONES)).withQueryParam("$skipToken", absent())
                .willReturn(okJson(page(secondPage, zoneJson("dns-rg", "example.com")))));
        ARM.stubFor(get(urlPathEqualTo(SUBSCRIPTION_ZONES)).withQueryParam("$skipToken", equalTo("zones-2"))
                .willReturn(okJson(page(null, zoneJson("other-rg", "example.net")))));
        AzureDnsProvider provider = AzureDnsProvider.create(ArmStub.settings(ARM).resourceGroups(List.of()).build());

        assertThat(provider.zones()).extracting(Zone::id)
                .containsExactly(zoneId("dns-rg", "example.com"), zoneId("other-rg", "example.net"));
    }

    @Test
    void keepsOnlyTheZonesWithinTheDomainFilter() {
        ARM.stubFor(get(urlPathEqualTo(zonesPath("dns-rg"))).willReturn(okJson(page(null,
                zoneJson("dns-rg", "example.com"), zoneJson("dns-rg", "apps.example.com"),
                zoneJson("dns-rg", "example.org"), zoneJson("dns-rg", "notexample.com")))));
        AzureDnsProvider provider = AzureDnsProvider.create(ArmStub.settings(ARM)
                .domainFilter(List.of("Example.COM.")).build());

        assertThat(provider.zones()).extracting(Zone::name).containsExactly("apps.example.com", "example.com");
    }

    @Test
    void listsZonesOnceWhileTheCacheHolds() {
        ARM.stubFor(get(urlPathEqualTo(zonesPath("dns-rg")))
                .willReturn(okJson(page(null, zoneJson("dns-rg", "example.com")))));
        AzureDnsProvider provider = ArmStub.provider(ARM);

        List<Zone> first = provider.zones();
        List<Zone> second = provider.zones();

        assertThat(second).isEqualTo(first).hasSize(1);
        ARM.verify(1, getRequestedFor(urlPathEqualTo(zonesPath("dns-rg"))));
    }

    @Test
    void listsZonesAgainEveryTimeWithAZeroCacheTtl() {
        ARM.stubFor(get(urlPathEqualTo(zonesPath("dns-rg")))
                .willReturn(okJson(page(null, zoneJson("dns-rg", "example.com")))));
        AzureDnsProvider provider = AzureDnsProvider.create(ArmStub.settings(ARM).zoneCacheTtl(Duration.ZERO).build());

        provider.zones();
        provider.zones();

        ARM.verify(2, getRequestedFor(urlPathEqualTo(zonesPath("dns-rg"))));
    }

    @Test
    void aRefusedListingNamesTheResourceGroupAndAzuresError() {
        ARM.stubFor(get(urlPathEqualTo(zonesPath("dns-rg"))).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody(ArmStub.error("AuthorizationFailed", "The client does not have authorization"))));
        AzureDnsProvider provider = ArmStub.provider(ARM);

        assertThatThrownBy(provider::zones)
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("resource group dns-rg")
                .hasMessageContaining("HTTP 403 AuthorizationFailed: The client does not have authorization")
                .hasMessageNotContaining(TOKEN);
    }
}
