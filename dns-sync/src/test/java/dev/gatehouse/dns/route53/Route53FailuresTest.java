package dev.gatehouse.dns.route53;

import dev.gatehouse.cloudsdk.AwsRetries;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingXPath;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.gatehouse.dns.route53.FakeRoute53.changeAccepted;
import static dev.gatehouse.dns.route53.FakeRoute53.changeRequest;
import static dev.gatehouse.dns.route53.FakeRoute53.error;
import static dev.gatehouse.dns.route53.FakeRoute53.invalidChangeBatch;
import static dev.gatehouse.dns.route53.FakeRoute53.recordSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsConflictException;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.cloud.fake.aws.Route53Fake.SentChange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Route53FailuresTest {

    private static final Zone ZONE = new Zone("Z1", "example.com");
    private static final String BAD_ADDRESS = "Invalid Resource Record: 'FATAL problem: ARRDATAIllegalIPv4Address"
            + " (Value is not a valid IPv4 address) encountered with '192.0.2.300''";
    private static final DnsRecord WWW = DnsRecord.of("www.example.com", RecordType.A, 300, "192.0.2.1");

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
    }

    @ParameterizedTest
    @CsvSource({
        "400, Throttling, Rate exceeded",
        "400, PriorRequestNotComplete, The request was rejected because Route 53 was still processing a prior request",
        "503, ServiceUnavailable, Service unavailable"
    })
    void aThrottledOrFailedRequestIsRetriedUntilItPasses(int status, String code, String message) {
        route53.server().stubFor(changeRequest("Z1").inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(error(status, code, message)).willSetStateTo("free"));
        route53.server().stubFor(changeRequest("Z1").inScenario("busy").whenScenarioStateIs("free")
                .willReturn(changeAccepted("C1")));

        try (Route53Provider provider = route53.provider()) {
            provider.apply(ZONE, new Changes(List.of(WWW), List.of(), List.of()));
        }

        assertThat(route53.batches("Z1")).hasSize(2)
                .allSatisfy(batch -> assertThat(batch).extracting(SentChange::name).containsExactly("www.example.com."));
    }

    @Test
    void throttlingThatNeverEndsFailsAfterTheConfiguredAttempts() {
        route53.server().stubFor(changeRequest("Z1").willReturn(error(400, "Throttling", "Rate exceeded")));

        try (Route53Provider provider = route53.provider(route53.settings()
                .retries(new AwsRetries(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(2)))
                .build())) {
            assertThatThrownBy(() -> provider.apply(ZONE, new Changes(List.of(WWW), List.of(), List.of())))
                    .isInstanceOf(DnsException.class)
                    .isNotInstanceOf(DnsConflictException.class)
                    .hasMessageStartingWith("route53 zone example.com (Z1): ChangeResourceRecordSets failed: ")
                    .hasMessageContaining("Rate exceeded");
        }
        assertThat(route53.changeRequests("Z1")).hasSize(3);
    }

    @Test
    void everyRequestRetriesIncludedWaitsItsTurnAtTheConfiguredRate() {
        route53.server().stubFor(changeRequest("Z1").inScenario("busy").whenScenarioStateIs(STARTED)
                .willReturn(error(400, "Throttling", "Rate exceeded")).willSetStateTo("free"));
        route53.server().stubFor(changeRequest("Z1").inScenario("busy").whenScenarioStateIs("free")
                .willReturn(changeAccepted("C1")));
        route53.recordSets("Z1", recordSet("www.example.com.", "A", 300, "192.0.2.1"));

        try (Route53Provider provider = route53.provider(route53.settings().requestsPerSecond(4).build())) {
            provider.records(ZONE);
            provider.apply(ZONE, new Changes(List.of(), List.of(), List.of(WWW)));
        }

        // Three requests on a clock that only the pacer moves: the second and third each wait a quarter second.
        assertThat(route53.requests()).isEqualTo(3);
        assertThat(route53.pacerWaits()).containsExactly(250_000_000L, 250_000_000L);
    }

    @Test
    void aRefusedBatchIsSentAgainOneRecordSetAtATimeSoTheGoodOnesLand() {
        DnsRecord bad = DnsRecord.of("bad.example.com", RecordType.A, 300, "192.0.2.300");
        DnsRecord good = DnsRecord.of("good.example.com", RecordType.A, 300, "192.0.2.2");
        route53.server().stubFor(changeRequest("Z1").atPriority(1)
                .withRequestBody(matchingXPath("//*[local-name()='Change'][2]"))
                .willReturn(invalidChangeBatch(BAD_ADDRESS)));
        route53.server().stubFor(changeRequest("Z1").atPriority(2).withRequestBody(containing("bad.example.com"))
                .willReturn(invalidChangeBatch(BAD_ADDRESS)));
        route53.server().stubFor(changeRequest("Z1").atPriority(3).willReturn(changeAccepted("C1")));

        try (Route53Provider provider = route53.provider()) {
            assertThatThrownBy(() -> provider.apply(ZONE, new Changes(List.of(good, bad, WWW), List.of(), List.of())))
                    .isExactlyInstanceOf(DnsException.class)
                    .hasMessage("route53 zone example.com (Z1): 1 of 3 record set changes refused: create "
                            + "bad.example.com 300 A 192.0.2.300: [" + BAD_ADDRESS + "]");
        }

        List<List<SentChange>> batches = route53.batches("Z1");
        assertThat(batches).hasSize(4);
        assertThat(batches.get(0)).extracting(SentChange::name)
                .containsExactly("good.example.com.", "bad.example.com.", "www.example.com.");
        assertThat(batches.subList(1, 4)).extracting(batch -> batch.get(0).name())
                .containsExactly("good.example.com.", "bad.example.com.", "www.example.com.");
        assertThat(batches.subList(1, 4)).allSatisfy(batch -> assertThat(batch).hasSize(1));
    }

    @Test
    void anUpdateOfARecordSetThatChangedSinceItWasReadIsAConflict() {
        route53.recordSets("Z1", recordSet("www.example.com.", "A", 300, "192.0.2.1"));
        route53.server().stubFor(changeRequest("Z1").willReturn(invalidChangeBatch(
                "Tried to delete resource record set [name='www.example.com.', type='A'] but the values provided do"
                        + " not match the current values")));
        DnsRecord moved = DnsRecord.of("www.example.com", RecordType.A, 300, "192.0.2.7");

        try (Route53Provider provider = route53.provider()) {
            DnsRecord read = provider.records(ZONE).get(0);

            assertThatThrownBy(() -> provider.apply(ZONE,
                    new Changes(List.of(), List.of(new Changes.Update(read, moved)), List.of())))
                    .isInstanceOf(DnsConflictException.class)
                    .hasMessage("route53 zone example.com (Z1) changed since it was read: 1 of 1 record set changes"
                            + " refused: update www.example.com 300 A 192.0.2.1 -> www.example.com 300 A 192.0.2.7:"
                            + " [Tried to delete resource record set [name='www.example.com.', type='A'] but the values"
                            + " provided do not match the current values]");
        }
        assertThat(route53.batches("Z1")).singleElement().satisfies(batch -> assertThat(batch)
                .extracting(SentChange::action, SentChange::values)
                .containsExactly(
                        tuple("DELETE", List.of("192.0.2.1")),
                        tuple("CREATE", List.of("192.0.2.7"))));
    }

    @Test
    void deletingARecordSetThatIsGoneIsAConflict() {
        route53.server().stubFor(changeRequest("Z1").willReturn(invalidChangeBatch(
                "Tried to delete resource record set [name='www.example.com.', type='A'] but it was not found")));

        try (Route53Provider provider = route53.provider()) {
            assertThatThrownBy(() -> provider.apply(ZONE, new Changes(List.of(), List.of(), List.of(WWW))))
                    .isInstanceOf(DnsConflictException.class)
                    .hasMessageContaining("delete www.example.com 300 A 192.0.2.1: [Tried to delete resource record"
                            + " set [name='www.example.com.', type='A'] but it was not found]");
        }
    }

    @Test
    void creatingARecordSetThatSomeoneElseCreatedSinceTheReadIsAConflict() {
        route53.server().stubFor(changeRequest("Z1").willReturn(invalidChangeBatch(
                "Tried to create resource record set [name='www.example.com.', type='A'] but it already exists")));

        try (Route53Provider provider = route53.provider()) {
            assertThatThrownBy(() -> provider.apply(ZONE, new Changes(List.of(WWW), List.of(), List.of())))
                    .isInstanceOf(DnsConflictException.class)
                    .hasMessageContaining("create www.example.com 300 A 192.0.2.1: [Tried to create resource record"
                            + " set [name='www.example.com.', type='A'] but it already exists]");
        }
    }

    @Test
    void aFailureThatIsNotAboutTheRecordsIsNotRetriedRecordByRecord() {
        route53.server().stubFor(changeRequest("Z1").willReturn(error(404, "NoSuchHostedZone",
                "No hosted zone found with ID: Z1")));
        DnsRecord other = DnsRecord.of("other.example.com", RecordType.A, 300, "192.0.2.2");

        try (Route53Provider provider = route53.provider()) {
            assertThatThrownBy(() -> provider.apply(ZONE, new Changes(List.of(WWW, other), List.of(), List.of())))
                    .isExactlyInstanceOf(DnsException.class)
                    .hasMessageStartingWith("route53 zone example.com (Z1): ChangeResourceRecordSets failed: "
                            + "HTTP 404 NoSuchHostedZone: No hosted zone found with ID: Z1");
        }
        assertThat(route53.changeRequests("Z1")).hasSize(1);
    }

    @Test
    void anEndpointThatRefusesConnectionsIsNamedAsSuch() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Route53Settings settings = route53.settings().endpointOverride(URI.create("http://127.0.0.1:" + closed)).build();

        try (Route53Provider provider = route53.provider(settings)) {
            assertThatThrownBy(provider::zones).isExactlyInstanceOf(DnsException.class)
                    .hasMessage("route53: listing hosted zones failed: connection refused (endpoint http://127.0.0.1:" + closed + ")");
        }
    }

    @Test
    void aRefusedChangeNamesTheZoneTheProvidersCodeAndMessageAndTheEndpoint() {
        route53.server().stubFor(changeRequest("Z1").willReturn(error(403, "AccessDenied",
                "User is not authorized to perform route53:ChangeResourceRecordSets")));

        try (Route53Provider provider = route53.provider()) {
            assertThatThrownBy(() -> provider.apply(ZONE, new Changes(List.of(WWW), List.of(), List.of())))
                    .isExactlyInstanceOf(DnsException.class)
                    .hasMessageStartingWith("route53 zone example.com (Z1): ChangeResourceRecordSets failed: HTTP 403 AccessDenied: "
                            + "User is not authorized to perform route53:ChangeResourceRecordSets")
                    .hasMessageEndingWith("(endpoint http://127.0.0.1:" + route53.server().port() + ")");
        }
    }

    @Test
    void withoutAnOverrideTheEndpointNamedIsTheOneTheSdkCallsForTheRegion() {
        assertThat(Route53Clients.endpoint(Route53Settings.builder().build())).isEqualTo("https://route53.amazonaws.com");
    }
}
