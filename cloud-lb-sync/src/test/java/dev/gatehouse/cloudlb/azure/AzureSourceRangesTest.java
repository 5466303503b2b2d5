package dev.gatehouse.cloudlb.azure;

import static dev.gatehouse.cloudlb.azure.FakeArm.loadBalancerPath;
import static dev.gatehouse.cloudlb.azure.FakeArm.publicIpPath;
import static dev.gatehouse.cloudlb.azure.FakeArm.securityRulePath;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.json;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.names;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.part;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.withoutEtags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureSourceRangesTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private final TestService web = TestService.named("web", "3f2a9c1e-8b4d-4e0f-9a6b-1c2d3e4f5a6b")
            .port("TCP", 80, 30080).port("TCP", 443, 30443);
    private final String a = web.prefix();

    @BeforeEach
    void theNodesSecurityGroupWithTheOperatorsRules() {
        ARM.model().seed(FakeArm.NSG, """
                {"location":"westeurope","properties":{"securityRules":[
                 {"name":"ops-ssh","properties":{"priority":500,"direction":"Inbound","access":"Allow","protocol":"Tcp",
                  "sourceAddressPrefix":"192.0.2.0/24","sourcePortRange":"*","destinationAddressPrefix":"*",
                  "destinationPortRange":"22"}},
                 {"name":"ops-deny","properties":{"priority":501,"direction":"Inbound","access":"Deny","protocol":"*",
                  "sourceAddressPrefix":"198.18.0.0/15","sourcePortRange":"*","destinationAddressPrefix":"*",
                  "destinationPortRange":"*"}},
                 {"name":"ops-out","properties":{"priority":502,"direction":"Outbound","access":"Allow","protocol":"*",
                  "sourceAddressPrefix":"*","sourcePortRange":"*","destinationAddressPrefix":"*",
                  "destinationPortRange":"*"}}]}}""");
    }

    private LoadBalancerProvider withSecurityGroup() {
        return AzureLoadBalancing.create(ARM.settings().securityGroupId(FakeArm.NSG).build()).provider();
    }

    @Test
    void withoutASecurityGroupSourceRangesAreRefusedBeforeAnythingIsMadeRatherThanLeftOpen() {
        assertThatThrownBy(() -> ARM.azure().provider().ensure(web.sourceRanges("203.0.113.0/24").request()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("azure service default/web: loadBalancerSourceRanges [203.0.113.0/24] cannot be honoured:"
                        + " an Azure load balancer has no access list and no network security group is configured for"
                        + " the nodes");
        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void sourceRangesBecomeAnAllowRulePerPortToItsNodePortAtTheFirstFreeInboundPriorities() {
        withSecurityGroup().ensure(web.sourceRanges("203.0.113.0/24", "198.51.100.7/32").request());

        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call).containsExactly(
                "PUT " + publicIpPath(a), "PUT " + loadBalancerPath("prod"),
                "PUT " + securityRulePath(a + "-TCP-80"), "PUT " + securityRulePath(a + "-TCP-443"));
        JsonNode http = writes.get(2).body().path("properties");
        assertThat(http.path("priority").asInt()).isEqualTo(502);
        assertThat(http.path("direction").asText()).isEqualTo("Inbound");
        assertThat(http.path("access").asText()).isEqualTo("Allow");
        assertThat(http.path("protocol").asText()).isEqualTo("Tcp");
        assertThat(http.path("sourceAddressPrefixes")).isEqualTo(json("[\"198.51.100.7/32\",\"203.0.113.0/24\"]"));
        assertThat(http.path("destinationPortRange").asText()).isEqualTo("30080");
        assertThat(writes.get(3).body().path("properties").path("priority").asInt()).isEqualTo(503);
        assertThat(writes.get(3).body().path("properties").path("destinationPortRange").asText()).isEqualTo("30443");
    }

    @Test
    void aSecondEnsureLeavesTheRulesAloneAndChangedRangesRewriteThemInPlace() {
        LoadBalancerProvider provider = withSecurityGroup();
        provider.ensure(web.sourceRanges("203.0.113.0/24").request());
        ARM.forgetRequests();
        provider.ensure(web.request());
        assertThat(ARM.writes()).isEmpty();

        provider.ensure(web.sourceRanges().request());

        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call).containsExactly(
                "PUT " + securityRulePath(a + "-TCP-80"), "PUT " + securityRulePath(a + "-TCP-443"));
        JsonNode http = writes.get(0).body().path("properties");
        assertThat(http.path("sourceAddressPrefix").asText()).isEqualTo("Internet");
        assertThat(http.path("priority").asInt()).isEqualTo(502);
    }

    @Test
    void removingAPortAndDeletingTheServiceDeleteOnlyItsRules() {
        LoadBalancerProvider provider = withSecurityGroup();
        provider.ensure(web.sourceRanges("203.0.113.0/24").request());
        JsonNode operators = withoutEtags(ARM.model().get(FakeArm.NSG));
        ARM.forgetRequests();

        provider.ensure(web.withoutPort(443).request());
        assertThat(ARM.writeCalls()).containsExactly("PUT " + loadBalancerPath("prod"),
                "DELETE " + securityRulePath(a + "-TCP-443"));
        ARM.forgetRequests();
        provider.ensureDeleted(web.request());

        assertThat(ARM.writeCalls()).containsExactly("DELETE " + loadBalancerPath("prod"), "DELETE " + publicIpPath(a),
                "DELETE " + securityRulePath(a + "-TCP-80"));
        JsonNode left = ARM.model().get(FakeArm.NSG);
        assertThat(names(left, "securityRules")).containsExactly("ops-ssh", "ops-deny", "ops-out");
        for (String rule : List.of("ops-ssh", "ops-deny", "ops-out")) {
            assertThat(withoutEtags(part(left, "securityRules", rule))).isEqualTo(part(operators, "securityRules", rule));
        }
    }
}
