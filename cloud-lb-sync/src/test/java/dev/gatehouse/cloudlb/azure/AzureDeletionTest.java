package dev.gatehouse.cloudlb.azure;

import static dev.gatehouse.cloudlb.azure.FakeArm.loadBalancerPath;
import static dev.gatehouse.cloudlb.azure.FakeArm.publicIpPath;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.names;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.part;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.withoutEtags;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureDeletionTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private static final String PROD = loadBalancerPath("prod");

    private final TestService web = TestService.named("web", "3f2a9c1e-8b4d-4e0f-9a6b-1c2d3e4f5a6b")
            .port("TCP", 80, 30080).port("TCP", 443, 30443);
    private final TestService api = TestService.named("api", "77c0d2b4-1111-4a2b-8c3d-0e1f2a3b4c5d")
            .port("TCP", 8080, 31080);

    @Test
    void deletingAServiceTakesOffOnlyItsFrontendRulesAndProbesThenDeletesItsPublicIp() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        provider.ensure(api.request());
        JsonNode before = ARM.model().get(PROD);
        ARM.forgetRequests();

        provider.ensureDeleted(web.request());

        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call)
                .containsExactly("PUT " + PROD, "DELETE " + publicIpPath(web.prefix()));
        assertThat(writes.get(0).ifMatch()).isEqualTo(before.path("etag").asText());
        assertThat(writes.get(1).ifMatch()).isNotNull();
        JsonNode after = ARM.model().get(PROD);
        assertThat(names(after, "frontendIPConfigurations")).containsExactly(api.prefix());
        assertThat(names(after, "loadBalancingRules")).containsExactly(api.prefix() + "-TCP-8080");
        assertThat(names(after, "probes")).containsExactly(api.prefix() + "-TCP-8080");
        assertThat(names(after, "backendAddressPools")).containsExactly("prod");
        assertThat(withoutEtags(part(after, "loadBalancingRules", api.prefix() + "-TCP-8080")))
                .isEqualTo(withoutEtags(part(before, "loadBalancingRules", api.prefix() + "-TCP-8080")));
        assertThat(ARM.model().get(publicIpPath(web.prefix()))).isNull();
        assertThat(ARM.model().get(publicIpPath(api.prefix()))).isNotNull();
    }

    @Test
    void deletingTheLastServiceDeletesTheLoadBalancerBeforeThePublicIpItsFrontendUsed() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        String etag = ARM.model().get(PROD).path("etag").asText();
        ARM.forgetRequests();

        provider.ensureDeleted(web.request());

        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call)
                .containsExactly("DELETE " + PROD, "DELETE " + publicIpPath(web.prefix()));
        assertThat(writes.get(0).ifMatch()).isEqualTo(etag);
        assertThat(ARM.model().get(PROD)).isNull();
        assertThat(ARM.model().get(publicIpPath(web.prefix()))).isNull();
    }

    @Test
    void deletingAServiceThatIsAlreadyGoneSucceedsWithoutAWrite() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(api.request());
        ARM.forgetRequests();

        provider.ensureDeleted(web.request());
        provider.ensureDeleted(web.request());

        assertThat(ARM.writes()).isEmpty();
        assertThat(names(ARM.model().get(PROD), "frontendIPConfigurations")).containsExactly(api.prefix());
    }

    @Test
    void deletingWithNothingInAzureAtAllSucceeds() {
        ARM.azure().provider().ensureDeleted(web.request());

        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void aServiceTurningInternalMovesToTheInternalLoadBalancerAndGivesUpItsPublicIp() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        provider.ensure(api.request());
        ARM.forgetRequests();

        provider.ensure(web.internal().request());

        assertThat(ARM.writeCalls()).containsExactly("PUT " + loadBalancerPath("prod-internal"), "PUT " + PROD,
                "DELETE " + publicIpPath(web.prefix()));
        assertThat(names(ARM.model().get(PROD), "frontendIPConfigurations")).containsExactly(api.prefix());
        assertThat(names(ARM.model().get(loadBalancerPath("prod-internal")), "frontendIPConfigurations"))
                .containsExactly(web.prefix());
    }
}
