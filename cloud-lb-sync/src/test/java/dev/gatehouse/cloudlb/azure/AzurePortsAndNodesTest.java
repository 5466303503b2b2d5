package dev.gatehouse.cloudlb.azure;

import static dev.gatehouse.cloudlb.azure.FakeArm.loadBalancerPath;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.addresses;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.names;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.part;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.withoutEtags;
import static dev.gatehouse.cloudlb.azure.TestService.NODE_1;
import static dev.gatehouse.cloudlb.azure.TestService.NODE_2;
import static dev.gatehouse.cloudlb.azure.TestService.NODE_3;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.NodeTarget;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzurePortsAndNodesTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private static final String PROD = loadBalancerPath("prod");

    private final TestService web = TestService.named("web", "3f2a9c1e-8b4d-4e0f-9a6b-1c2d3e4f5a6b")
            .port("TCP", 80, 30080);
    private final String a = web.prefix();

    @Test
    void addingAPortAddsItsRuleAndProbeInOneConditionalWrite() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        JsonNode before = ARM.model().get(PROD);
        ARM.forgetRequests();

        provider.ensure(web.port("UDP", 53, 30053).port("TCP", 443, 30443).request());

        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call).containsExactly("PUT " + PROD);
        assertThat(writes.get(0).ifMatch()).isEqualTo(before.path("etag").asText());
        JsonNode after = ARM.model().get(PROD);
        assertThat(names(after, "loadBalancingRules")).containsExactly(a + "-TCP-80", a + "-UDP-53", a + "-TCP-443");
        // Nothing answers TCP on a UDP NodePort, so the UDP rule goes without a probe rather than with a failing one.
        assertThat(names(after, "probes")).containsExactly(a + "-TCP-80", a + "-TCP-443");
        JsonNode udp = part(after, "loadBalancingRules", a + "-UDP-53").path("properties");
        assertThat(udp.path("protocol").asText()).isEqualTo("Udp");
        assertThat(udp.path("backendPort").asInt()).isEqualTo(30053);
        assertThat(udp.has("probe")).isFalse();
        assertThat(withoutEtags(part(after, "loadBalancingRules", a + "-TCP-80")))
                .isEqualTo(withoutEtags(part(before, "loadBalancingRules", a + "-TCP-80")));
    }

    @Test
    void removingAPortRemovesOnlyItsRuleAndProbe() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.port("TCP", 443, 30443).request());
        ARM.forgetRequests();

        provider.ensure(web.withoutPort(80).request());

        assertThat(ARM.writeCalls()).containsExactly("PUT " + PROD);
        JsonNode after = ARM.model().get(PROD);
        assertThat(names(after, "loadBalancingRules")).containsExactly(a + "-TCP-443");
        assertThat(names(after, "probes")).containsExactly(a + "-TCP-443");
        assertThat(names(after, "frontendIPConfigurations")).containsExactly(a);
    }

    @Test
    void nodesJoiningLeavingAndTurningUnreadyChangeOnlyTheAddressesOfTheClusterPool() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.nodes(NODE_1, NODE_2).request());

        JsonNode joined = changeNodes(provider, NODE_1, NODE_2, NODE_3);
        assertThat(addresses(part(joined, "backendAddressPools", "prod")))
                .containsExactly("node-1=10.0.0.4", "node-2=10.0.0.5", "node-3=10.0.0.6");

        // The reconciler leaves a node that left or turned unready out of the request; both look the same here.
        JsonNode left = changeNodes(provider, NODE_2, NODE_3);
        assertThat(addresses(part(left, "backendAddressPools", "prod")))
                .containsExactly("node-2=10.0.0.5", "node-3=10.0.0.6");
    }

    /** Ensures with other nodes and checks that only the pool's addresses changed, in one write. */
    private JsonNode changeNodes(LoadBalancerProvider provider, NodeTarget... nodes) {
        JsonNode before = ARM.model().get(PROD);
        ARM.forgetRequests();

        provider.ensure(web.nodes(nodes).request());

        assertThat(ARM.writeCalls()).containsExactly("PUT " + PROD);
        JsonNode after = ARM.model().get(PROD);
        assertThat(withoutPoolAddresses(after)).isEqualTo(withoutPoolAddresses(before));
        assertThat(addresses(part(after, "backendAddressPools", "prod")))
                .isNotEqualTo(addresses(part(before, "backendAddressPools", "prod")));
        return after;
    }

    private static JsonNode withoutPoolAddresses(JsonNode loadBalancer) {
        JsonNode copy = withoutEtags(loadBalancer);
        copy.path("properties").path("backendAddressPools")
                .forEach(pool -> ((ObjectNode) pool.path("properties")).remove("loadBalancerBackendAddresses"));
        return copy;
    }

    @Test
    void localTrafficPolicyProbesHealthzOnTheHealthCheckNodePortAndSendsToAPoolOfTheServicesOwnNodes() {
        TestService cluster = TestService.named("api", "77c0d2b4-1111-4a2b-8c3d-0e1f2a3b4c5d").port("TCP", 8080, 31080)
                .nodes(NODE_1, NODE_2, NODE_3);
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(cluster.request());
        ARM.forgetRequests();

        provider.ensure(web.local(32100).nodes(NODE_2).request());

        JsonNode after = ARM.model().get(PROD);
        JsonNode probe = part(after, "probes", a + "-TCP-80").path("properties");
        assertThat(probe.path("protocol").asText()).isEqualTo("Http");
        assertThat(probe.path("port").asInt()).isEqualTo(32100);
        assertThat(probe.path("requestPath").asText()).isEqualTo("/healthz");
        assertThat(part(after, "loadBalancingRules", a + "-TCP-80").path("properties").path("backendAddressPool")
                .path("id").asText()).isEqualTo(PROD + "/backendAddressPools/" + a);
        assertThat(addresses(part(after, "backendAddressPools", a))).containsExactly("node-2=10.0.0.5");
        assertThat(addresses(part(after, "backendAddressPools", "prod")))
                .containsExactly("node-1=10.0.0.4", "node-2=10.0.0.5", "node-3=10.0.0.6");

        ARM.forgetRequests();
        provider.ensure(web.nodes(NODE_2, NODE_3).request());
        assertThat(ARM.writeCalls()).containsExactly("PUT " + PROD);
        assertThat(addresses(part(ARM.model().get(PROD), "backendAddressPools", a)))
                .containsExactly("node-2=10.0.0.5", "node-3=10.0.0.6");
    }
}
