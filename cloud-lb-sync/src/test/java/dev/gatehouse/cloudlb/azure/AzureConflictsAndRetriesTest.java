package dev.gatehouse.cloudlb.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.cloudlb.azure.FakeArm.loadBalancerPath;
import static dev.gatehouse.cloudlb.azure.FakeArm.publicIpPath;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureConflictsAndRetriesTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private static final String PROD = loadBalancerPath("prod");

    private final TestService web = TestService.named("web", "3f2a9c1e-8b4d-4e0f-9a6b-1c2d3e4f5a6b")
            .port("TCP", 80, 30080);

    @Test
    void aWriteThatMeetsANewETagReadsAgainAndKeepsBothItsOwnChangeAndTheOtherWritersChange() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        String readEtag = ARM.model().get(PROD).path("etag").asText();
        ARM.model().beforeNextWrite(PROD, lb -> ((ArrayNode) lb.path("properties").path("probes"))
                .add(LoadBalancerJson.json("{\"name\":\"other-writer-probe\",\"properties\":{\"protocol\":\"Tcp\",\"port\":22}}")));
        ARM.forgetRequests();

        provider.ensure(web.port("TCP", 443, 30443).request());

        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call).containsExactly("PUT " + PROD, "PUT " + PROD);
        assertThat(writes.get(0).ifMatch()).isEqualTo(readEtag);
        assertThat(writes.get(1).ifMatch()).isNotEqualTo(readEtag);
        assertThat(names(writes.get(1).body(), "probes"))
                .containsExactly(web.prefix() + "-TCP-80", "other-writer-probe", web.prefix() + "-TCP-443");
        assertThat(names(ARM.model().get(PROD), "loadBalancingRules"))
                .containsExactly(web.prefix() + "-TCP-80", web.prefix() + "-TCP-443");
    }

    @Test
    void aLoadBalancerThatKeepsChangingUnderTheWriteFailsAfterTheConfiguredAttempts() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        ARM.stubFor(put(urlPathEqualTo(PROD)).atPriority(1).willReturn(armError(412, "PreconditionFailed",
                "The ETag in If-Match does not match the resource's.")));
        ARM.forgetRequests();

        assertThatThrownBy(() -> provider.ensure(web.port("TCP", 443, 30443).request()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageStartingWith("azure service default/web: updating load balancer prod in resource group"
                        + " gatehouse-rg (If-Match ")
                .hasMessageEndingWith("failed: the load balancer changed between read and write 5 times in a row"
                        + " (HTTP 412 PreconditionFailed: The ETag in If-Match does not match the resource's.)");
        ARM.verify(5, putRequestedFor(urlPathEqualTo(PROD)));
    }

    @Test
    void throttlingIsWaitedOutAsRetryAfterSaysAndTheWriteThenLands() {
        ARM.stubFor(put(urlPathEqualTo(PROD)).atPriority(1).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(armError(429, "TooManyRequests", "The request is being throttled.")
                        .withHeader("Retry-After", "1"))
                .willSetStateTo("cooled down"));

        LoadBalancerStatus status = ARM.azure().provider().ensure(web.request());

        assertThat(status).isEqualTo(LoadBalancerStatus.ip("20.50.0.1"));
        List<LoggedRequest> attempts = ARM.findAll(putRequestedFor(urlPathEqualTo(PROD))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
        assertThat(attempts).hasSize(2);
        // The test's backoff is a millisecond, so only the header explains a wait of a second.
        assertThat(Duration.ofMillis(attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(990));
        assertThat(names(ARM.model().get(PROD), "frontendIPConfigurations")).containsExactly(web.prefix());
    }

    @Test
    void aWriteAzureRefusesFailsAtOnceNamingTheServiceTheResourceAndAzuresCode() {
        ARM.stubFor(put(urlPathEqualTo(publicIpPath(web.prefix()))).atPriority(1).willReturn(armError(400,
                "PublicIPCountLimitReached", "Cannot create more than 1000 public IP addresses for this subscription.")));

        assertThatThrownBy(() -> ARM.azure().provider().ensure(web.request()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("azure service default/web: creating public IP " + web.prefix() + " in resource group"
                        + " gatehouse-rg (If-None-Match *) failed: HTTP 400 PublicIPCountLimitReached: Cannot create"
                        + " more than 1000 public IP addresses for this subscription.")
                .extracting(e -> ((LoadBalancerException) e).reason()).isEqualTo("SyncLoadBalancerFailed");
        ARM.verify(1, putRequestedFor(urlPathEqualTo(publicIpPath(web.prefix()))));
        assertThat(ARM.writeCalls()).containsExactly("PUT " + publicIpPath(web.prefix()));
    }

    @Test
    void aProtocolAzureCannotForwardIsRefusedBeforeAnythingIsMade() {
        TestService sctp = TestService.named("sig", "0d9e8f7a-2222-4b3c-9d4e-5f6a7b8c9d0e").port("SCTP", 3868, 30868);

        assertThatThrownBy(() -> ARM.azure().provider().ensure(sctp.request()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("azure service default/sig: port 3868/SCTP: Azure load balancers forward TCP and UDP only");
        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void anInternalServiceWithoutASubnetIsRefusedBeforeAnythingIsMade() {
        LoadBalancerProvider provider = AzureLoadBalancing.create(ARM.settings().internalSubnetId(null).build()).provider();

        assertThatThrownBy(() -> provider.ensure(web.internal().request()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("azure service default/web: an internal load balancer needs a subnet: annotate the Service"
                        + " with gatehouse.dev/azure-internal-subnet (a subnet resource id) or configure a default"
                        + " internal subnet");
        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void aSubnetAnnotationThatIsNotASubnetIdIsRefusedNamingTheValue() {
        TestService db = web.internal().annotation(AzureLoadBalancing.INTERNAL_SUBNET_ANNOTATION, "services");

        assertThatThrownBy(() -> ARM.azure().provider().ensure(db.request()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("azure service default/web: annotation gatehouse.dev/azure-internal-subnet \"services\":"
                        + " expected the resource id of a Microsoft.Network/virtualNetworks/subnets (/subscriptions/<id>"
                        + "/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<name>/subnets/<name>)");
        assertThat(ARM.writes()).isEmpty();
    }

    private static ResponseDefinitionBuilder armError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }
}
