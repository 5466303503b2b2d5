package dev.gatehouse.cloudlb.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.gatehouse.cloudlb.azure.FakeArm.loadBalancerPath;
import static dev.gatehouse.cloudlb.azure.FakeArm.publicIpPath;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.addressNetworks;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.addresses;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.json;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.names;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.part;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureServiceCreationTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private static final String WEB_UID = "3f2a9c1e-8b4d-4e0f-9a6b-1c2d3e4f5a6b";
    private static final String API_UID = "77c0d2b4-1111-4a2b-8c3d-0e1f2a3b4c5d";

    @Test
    void theFirstServiceGetsAPublicIpThenTheClusterLoadBalancerWithItsFrontendRulesProbesAndPool() {
        TestService web = TestService.named("web", WEB_UID).port("TCP", 80, 30080).port("TCP", 443, 30443);
        String a = web.prefix();

        LoadBalancerStatus status = ARM.azure().provider().ensure(web.request());

        assertThat(status).isEqualTo(LoadBalancerStatus.ip("20.50.0.1"));
        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call)
                .containsExactly("PUT " + publicIpPath(a), "PUT " + loadBalancerPath("prod"));

        ARM.verify(putRequestedFor(urlPathEqualTo(loadBalancerPath("prod")))
                .withHeader("Authorization", equalTo("Bearer " + FakeArm.TOKEN)));

        FakeArm.Write publicIp = writes.get(0);
        assertThat(publicIp.ifNoneMatch()).isEqualTo("*");
        assertThat(publicIp.body().path("sku").path("name").asText()).isEqualTo("Standard");
        assertThat(publicIp.body().path("properties").path("publicIPAllocationMethod").asText()).isEqualTo("Static");
        assertThat(publicIp.body().path("location").asText()).isEqualTo("westeurope");
        assertThat(publicIp.body().path("tags"))
                .isEqualTo(json("{\"gatehouse.dev-service\":\"default/web\",\"kubernetes.io-cluster-prod\":\"owned\"}"));

        FakeArm.Write loadBalancer = writes.get(1);
        JsonNode sent = loadBalancer.body();
        assertThat(loadBalancer.ifNoneMatch()).isEqualTo("*");
        assertThat(sent.path("sku").path("name").asText()).isEqualTo("Standard");
        assertThat(sent.path("tags")).isEqualTo(json("{\"kubernetes.io-cluster-prod\":\"owned\"}"));
        assertThat(names(sent, "frontendIPConfigurations")).containsExactly(a);
        assertThat(part(sent, "frontendIPConfigurations", a).path("properties").path("publicIPAddress").path("id")
                .asText()).isEqualTo(publicIpPath(a));
        assertThat(names(sent, "backendAddressPools")).containsExactly("prod");
        JsonNode pool = part(sent, "backendAddressPools", "prod");
        assertThat(addresses(pool)).containsExactly("node-1=10.0.0.4", "node-2=10.0.0.5");
        assertThat(addressNetworks(pool)).containsOnly(FakeArm.VNET);
        assertThat(names(sent, "loadBalancingRules")).containsExactly(a + "-TCP-80", a + "-TCP-443");
        JsonNode http = part(sent, "loadBalancingRules", a + "-TCP-80").path("properties");
        assertThat(http.path("protocol").asText()).isEqualTo("Tcp");
        assertThat(http.path("frontendPort").asInt()).isEqualTo(80);
        assertThat(http.path("backendPort").asInt()).isEqualTo(30080);
        assertThat(http.path("enableFloatingIP").asBoolean()).isFalse();
        assertThat(http.path("frontendIPConfiguration").path("id").asText())
                .isEqualTo(loadBalancerPath("prod") + "/frontendIPConfigurations/" + a);
        assertThat(http.path("backendAddressPool").path("id").asText())
                .isEqualTo(loadBalancerPath("prod") + "/backendAddressPools/prod");
        assertThat(http.path("probe").path("id").asText())
                .isEqualTo(loadBalancerPath("prod") + "/probes/" + a + "-TCP-80");
        assertThat(names(sent, "probes")).containsExactly(a + "-TCP-80", a + "-TCP-443");
        JsonNode probe = part(sent, "probes", a + "-TCP-443").path("properties");
        assertThat(probe.path("protocol").asText()).isEqualTo("Tcp");
        assertThat(probe.path("port").asInt()).isEqualTo(30443);
        assertThat(probe.has("requestPath")).isFalse();
    }

    @Test
    void aSecondEnsureWithNothingChangedMakesNoWriteCall() {
        TestService web = TestService.named("web", WEB_UID).port("TCP", 80, 30080);
        LoadBalancerProvider provider = ARM.azure().provider();
        LoadBalancerStatus first = provider.ensure(web.request());
        ARM.forgetRequests();

        LoadBalancerStatus second = provider.ensure(web.request());

        assertThat(second).isEqualTo(first);
        assertThat(ARM.writes()).isEmpty();
        assertThat(ARM.findAll(getRequestedFor(urlPathEqualTo(loadBalancerPath("prod"))))).hasSize(1);
    }

    @Test
    void aSecondServiceJoinsTheSharedLoadBalancerUnderItsETagAndLeavesTheFirstServicesPartsAsTheyWere() {
        TestService web = TestService.named("web", WEB_UID).port("TCP", 80, 30080);
        TestService api = TestService.named("api", API_UID).port("TCP", 8080, 31080);
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        JsonNode before = ARM.model().get(loadBalancerPath("prod"));
        ARM.forgetRequests();

        LoadBalancerStatus status = provider.ensure(api.request());

        assertThat(status).isEqualTo(LoadBalancerStatus.ip("20.50.0.2"));
        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call)
                .containsExactly("PUT " + publicIpPath(api.prefix()), "PUT " + loadBalancerPath("prod"));
        assertThat(writes.get(1).ifMatch()).isEqualTo(before.path("etag").asText());
        JsonNode after = ARM.model().get(loadBalancerPath("prod"));
        assertThat(names(after, "frontendIPConfigurations")).containsExactly(web.prefix(), api.prefix());
        assertThat(names(after, "loadBalancingRules")).containsExactly(web.prefix() + "-TCP-80", api.prefix() + "-TCP-8080");
        for (String collection : List.of("frontendIPConfigurations", "loadBalancingRules", "probes")) {
            String name = collection.equals("frontendIPConfigurations") ? web.prefix() : web.prefix() + "-TCP-80";
            assertThat(LoadBalancerJson.withoutEtags(part(after, collection, name)))
                    .isEqualTo(LoadBalancerJson.withoutEtags(part(before, collection, name)));
        }
    }

    @Test
    void anInternalServiceGetsAFrontendInTheDefaultSubnetOnTheInternalLoadBalancerAndNoPublicIp() {
        TestService db = TestService.named("db", WEB_UID).port("TCP", 5432, 30432).internal();

        LoadBalancerStatus status = ARM.azure().provider().ensure(db.request());

        assertThat(status).isEqualTo(LoadBalancerStatus.ip("10.240.0.101"));
        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call).containsExactly("PUT " + loadBalancerPath("prod-internal"));
        JsonNode frontend = part(writes.get(0).body(), "frontendIPConfigurations", db.prefix()).path("properties");
        assertThat(frontend.path("subnet").path("id").asText()).isEqualTo(FakeArm.NODE_SUBNET);
        assertThat(frontend.path("privateIPAllocationMethod").asText()).isEqualTo("Dynamic");
        assertThat(frontend.has("publicIPAddress")).isFalse();
        assertThat(ARM.model().get(publicIpPath(db.prefix()))).isNull();
    }

    @Test
    void anInternalServiceAskingForAnAddressInAnotherSubnetGetsItStatically() {
        TestService db = TestService.named("db", WEB_UID).port("TCP", 5432, 30432).internal()
                .requesting("10.1.2.3").annotation(AzureLoadBalancing.INTERNAL_SUBNET_ANNOTATION, FakeArm.SERVICE_SUBNET);
        LoadBalancerProvider provider = ARM.azure().provider();

        LoadBalancerStatus status = provider.ensure(db.request());

        assertThat(status).isEqualTo(LoadBalancerStatus.ip("10.1.2.3"));
        JsonNode frontend = part(ARM.writes().get(0).body(), "frontendIPConfigurations", db.prefix()).path("properties");
        assertThat(frontend.path("subnet").path("id").asText()).isEqualTo(FakeArm.SERVICE_SUBNET);
        assertThat(frontend.path("privateIPAllocationMethod").asText()).isEqualTo("Static");
        assertThat(frontend.path("privateIPAddress").asText()).isEqualTo("10.1.2.3");
        ARM.forgetRequests();
        provider.ensure(db.request());
        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void aPublicServiceAskingForAnAddressUsesThePublicIpThatHoldsItAndNeverChangesIt() {
        String reserved = publicIpPath("reserved-ip");
        ARM.model().seed(reserved, """
                {"location":"westeurope","sku":{"name":"Standard"},
                 "properties":{"publicIPAllocationMethod":"Static","ipAddress":"52.1.2.3"}}""");
        TestService web = TestService.named("web", WEB_UID).port("TCP", 80, 30080).requesting("52.1.2.3");
        LoadBalancerProvider provider = ARM.azure().provider();

        LoadBalancerStatus status = provider.ensure(web.request());

        assertThat(status).isEqualTo(LoadBalancerStatus.ip("52.1.2.3"));
        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call).containsExactly("PUT " + loadBalancerPath("prod"));
        assertThat(part(writes.get(0).body(), "frontendIPConfigurations", web.prefix()).path("properties")
                .path("publicIPAddress").path("id").asText()).isEqualTo(reserved);

        ARM.forgetRequests();
        provider.ensureDeleted(web.request());
        assertThat(ARM.writeCalls()).containsExactly("DELETE " + loadBalancerPath("prod"));
        assertThat(ARM.model().get(reserved)).isNotNull();
    }
}
