package dev.gatehouse.cloudlb.azure;

import static dev.gatehouse.cloudlb.azure.FakeArm.loadBalancerPath;
import static dev.gatehouse.cloudlb.azure.FakeArm.publicIpPath;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.names;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.part;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.withoutEtags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureDriftAndOwnershipTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private static final String PROD = loadBalancerPath("prod");

    private final TestService web = TestService.named("web", "3f2a9c1e-8b4d-4e0f-9a6b-1c2d3e4f5a6b")
            .port("TCP", 80, 30080).port("TCP", 443, 30443);

    @Test
    void aRuleDeletedOutOfBandIsPutBackByTheNextEnsure() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        String rule = web.prefix() + "-TCP-443";
        JsonNode original = part(ARM.model().get(PROD), "loadBalancingRules", rule);
        ARM.model().change(PROD, lb -> removePart(lb, "loadBalancingRules", rule));
        ARM.forgetRequests();

        provider.ensure(web.request());

        assertThat(ARM.writeCalls()).containsExactly("PUT " + PROD);
        JsonNode repaired = ARM.model().get(PROD);
        assertThat(names(repaired, "loadBalancingRules")).containsExactly(web.prefix() + "-TCP-80", rule);
        assertThat(withoutEtags(part(repaired, "loadBalancingRules", rule))).isEqualTo(withoutEtags(original));
    }

    @Test
    void aProbeChangedOutOfBandIsPutBackByTheNextEnsure() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        String probe = web.prefix() + "-TCP-80";
        ARM.model().change(PROD, lb -> ((ObjectNode) part(lb, "probes", probe).path("properties")).put("port", 22));
        ARM.forgetRequests();

        provider.ensure(web.request());

        assertThat(ARM.writeCalls()).containsExactly("PUT " + PROD);
        assertThat(part(ARM.model().get(PROD), "probes", probe).path("properties").path("port").asInt()).isEqualTo(30080);
    }

    @Test
    void aForeignFrontendRuleProbeAndPoolOnTheSharedLoadBalancerAreNeverTouched() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        ARM.model().seed(publicIpPath("console-ip"), """
                {"location":"westeurope","sku":{"name":"Standard"},
                 "properties":{"publicIPAllocationMethod":"Static","ipAddress":"52.7.7.7"}}""");
        ARM.model().change(PROD, AzureDriftAndOwnershipTest::addForeignParts);
        JsonNode before = ARM.model().get(PROD);

        TestService changed = web.withoutPort(443).port("TCP", 8443, 30843);
        provider.ensure(changed.request());
        JsonNode afterEnsure = ARM.model().get(PROD);
        provider.ensureDeleted(changed.request());
        JsonNode afterDelete = ARM.model().get(PROD);

        for (JsonNode after : List.of(afterEnsure, afterDelete)) {
            for (String[] foreign : new String[][] {
                {"frontendIPConfigurations", "console-frontend"},
                {"loadBalancingRules", "console-rule"},
                {"probes", "console-probe"},
                {"backendAddressPools", "console-pool"}}) {
                assertThat(withoutEtags(part(after, foreign[0], foreign[1])))
                        .as(foreign[1])
                        .isEqualTo(withoutEtags(part(before, foreign[0], foreign[1])));
            }
        }
        // With a foreign part left on it, the load balancer stays after the last Service is gone.
        assertThat(names(afterDelete, "frontendIPConfigurations")).containsExactly("console-frontend");
        assertThat(names(afterDelete, "loadBalancingRules")).containsExactly("console-rule");
    }

    @Test
    void aLoadBalancerWithTheClustersNameButNotItsTagIsRefusedAndLeftAlone() {
        String foreign = """
                {"location":"westeurope","sku":{"name":"Standard"},"tags":{"team":"payments"},
                 "properties":{"frontendIPConfigurations":[],"backendAddressPools":[{"name":"prod","properties":{}}]}}""";
        ARM.model().seed(PROD, foreign);
        LoadBalancerProvider provider = ARM.azure().provider();

        assertThatThrownBy(() -> provider.ensure(web.request()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("azure service default/web: load balancer prod in resource group gatehouse-rg exists but is"
                        + " not tagged kubernetes.io-cluster-prod=owned (tags {team=payments}); refusing to change it")
                .extracting(e -> ((LoadBalancerException) e).reason()).isEqualTo("SyncLoadBalancerFailed");
        provider.ensureDeleted(web.request());

        assertThat(ARM.writeCalls()).containsExactly("PUT " + publicIpPath(web.prefix()),
                "DELETE " + publicIpPath(web.prefix()));
        assertThat(ARM.model().get(PROD)).isNotNull();
    }

    @Test
    void aPublicIpWithTheServicesNameButNotTheClustersTagIsNeitherTakenOverNorDeleted() {
        ARM.model().seed(publicIpPath(web.prefix()), """
                {"location":"westeurope","sku":{"name":"Standard"},"tags":{"kubernetes.io-cluster-staging":"owned"},
                 "properties":{"publicIPAllocationMethod":"Static","ipAddress":"52.9.9.9"}}""");
        LoadBalancerProvider provider = ARM.azure().provider();

        assertThatThrownBy(() -> provider.ensure(web.request()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining("azure service default/web: public IP " + web.prefix()
                        + " in resource group gatehouse-rg exists but is not tagged kubernetes.io-cluster-prod=owned");
        provider.ensureDeleted(web.request());

        assertThat(ARM.writes()).isEmpty();
        assertThat(ARM.model().get(publicIpPath(web.prefix()))).isNotNull();
    }

    private static void addForeignParts(ObjectNode lb) {
        ObjectNode properties = (ObjectNode) lb.path("properties");
        String id = lb.path("id").asText();
        ((ArrayNode) properties.path("frontendIPConfigurations")).add(LoadBalancerJson.json("""
                {"name":"console-frontend","properties":{"privateIPAllocationMethod":"Dynamic",
                 "publicIPAddress":{"id":"%s"}}}""".formatted(publicIpPath("console-ip"))));
        ((ArrayNode) properties.path("backendAddressPools")).add(LoadBalancerJson.json("""
                {"name":"console-pool","properties":{"loadBalancerBackendAddresses":[
                 {"name":"vm-1","properties":{"ipAddress":"10.9.0.4"}}]}}"""));
        ((ArrayNode) properties.path("probes")).add(LoadBalancerJson.json("""
                {"name":"console-probe","properties":{"protocol":"Tcp","port":22,"intervalInSeconds":15}}"""));
        ((ArrayNode) properties.path("loadBalancingRules")).add(LoadBalancerJson.json(("""
                {"name":"console-rule","properties":{"protocol":"Tcp","frontendPort":22,"backendPort":22,
                 "frontendIPConfiguration":{"id":"%1$s/frontendIPConfigurations/console-frontend"},
                 "backendAddressPool":{"id":"%1$s/backendAddressPools/console-pool"},
                 "probe":{"id":"%1$s/probes/console-probe"}}}""").formatted(id)));
    }

    private static void removePart(ObjectNode lb, String collection, String name) {
        ArrayNode parts = (ArrayNode) lb.path("properties").path(collection);
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).path("name").asText().equals(name)) {
                parts.remove(i);
                return;
            }
        }
    }
}
