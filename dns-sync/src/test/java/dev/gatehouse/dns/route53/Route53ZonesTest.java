package dev.gatehouse.dns.route53;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.dns.route53.FakeRoute53.API;
import static dev.gatehouse.dns.route53.FakeRoute53.hostedZone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.Zone;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Route53ZonesTest {

    private static FakeRoute53 route53;

    @BeforeAll
    static void start() {
        route53 = new FakeRoute53();
    }

    @AfterAll
    static void stop() {
        route53.close();
    }

    @BeforeEach
    void reset() {
        route53.reset();
        route53.hostedZonesPage(null, "Z3",
                hostedZone("Z1", "example.com.", false),
                hostedZone("Z2", "internal.example.com.", true));
        route53.hostedZonesPage("Z3", null,
                hostedZone("Z3", "Example.ORG.", false),
                hostedZone("Z4", "notexample.com.", false));
    }

    @Test
    void listsEveryPageOfHostedZonesWithBareIdsAndCanonicalNamesSortedByName() {
        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.zones()).containsExactly(
                    new Zone("Z1", "example.com"),
                    new Zone("Z3", "example.org"),
                    new Zone("Z2", "internal.example.com"),
                    new Zone("Z4", "notexample.com"));
        }
        route53.server().verify(1, getRequestedFor(urlPathEqualTo(API + "/hostedzone"))
                .withQueryParam("marker", equalTo("Z3")));
    }

    @Test
    void keepsOnlyZonesThatAreOrLieUnderADomainOfTheFilter() {
        try (Route53Provider provider = route53.provider(route53.settings()
                .domainFilter(List.of("example.com.")).build())) {
            assertThat(provider.zones()).extracting(Zone::name)
                    .containsExactly("example.com", "internal.example.com");
        }
    }

    @Test
    void keepsOnlyZonesWhoseIdIsInTheFilterWrittenWithOrWithoutItsPrefix() {
        try (Route53Provider provider = route53.provider(route53.settings()
                .zoneIdFilter(List.of("/hostedzone/Z2", "Z3")).build())) {
            assertThat(provider.zones()).extracting(Zone::id).containsExactly("Z3", "Z2");
        }
    }

    @Test
    void keepsOnlyPrivateOrOnlyPublicZonesWhenAskedTo() {
        try (Route53Provider privateOnly = route53.provider(route53.settings()
                        .zoneType(Route53Settings.ZoneType.PRIVATE).build());
                Route53Provider publicOnly = route53.provider(route53.settings()
                        .zoneType(Route53Settings.ZoneType.PUBLIC).build())) {
            assertThat(privateOnly.zones()).extracting(Zone::id).containsExactly("Z2");
            assertThat(publicOnly.zones()).extracting(Zone::id).containsExactly("Z1", "Z3", "Z4");
        }
    }

    @Test
    void listsTheZonesOnceForTheProvidersLifetime() {
        try (Route53Provider provider = route53.provider()) {
            List<Zone> first = provider.zones();

            assertThat(provider.zones()).isEqualTo(first);
        }
        route53.server().verify(2, getRequestedFor(urlPathEqualTo(API + "/hostedzone")));
    }

    @Test
    void aFailedListingNamesRoute53AndAwsReason() {
        route53.server().stubFor(WireMock.get(urlPathEqualTo(API + "/hostedzone")).atPriority(1)
                .willReturn(FakeRoute53.error(403, "AccessDenied", "User is not authorized to perform route53:ListHostedZones")));

        try (Route53Provider provider = route53.provider()) {
            assertThatThrownBy(provider::zones).isInstanceOf(DnsException.class)
                    .hasMessageStartingWith("route53: listing hosted zones failed: ")
                    .hasMessageContaining("User is not authorized to perform route53:ListHostedZones");
        }
    }
}
