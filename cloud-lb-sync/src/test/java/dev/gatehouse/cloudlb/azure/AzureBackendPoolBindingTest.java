package dev.gatehouse.cloudlb.azure;

import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.addresses;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.part;
import static dev.gatehouse.cloudlb.azure.LoadBalancerJson.withoutEtags;
import static dev.gatehouse.cloudlb.azure.TestService.NODE_1;
import static dev.gatehouse.cloudlb.azure.TestService.NODE_2;
import static dev.gatehouse.cloudlb.azure.TestService.NODE_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.LoadBalancerException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AzureBackendPoolBindingTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private static final String CONSOLE_LB = "/subscriptions/" + FakeArm.SUBSCRIPTION
            + "/resourceGroups/console-rg/providers/Microsoft.Network/loadBalancers/console-lb";
    private static final String POOL = CONSOLE_LB + "/backendAddressPools/web-pool";

    private BackendBinding binding;

    @BeforeEach
    void aLoadBalancerMadeInTheConsole() {
        ARM.model().seed(CONSOLE_LB, """
                {"location":"westeurope","sku":{"name":"Standard"},"tags":{"owner":"ops"},
                 "properties":{
                  "frontendIPConfigurations":[{"name":"fe","properties":{"privateIPAllocationMethod":"Static",
                    "privateIPAddress":"10.0.1.10","subnet":{"id":"%1$s"}}}],
                  "backendAddressPools":[{"name":"web-pool","properties":{"loadBalancerBackendAddresses":[
                    {"name":"vm-legacy","properties":{"ipAddress":"10.0.9.9","virtualNetwork":{"id":"%2$s"}}}]}}],
                  "probes":[{"name":"http","properties":{"protocol":"Tcp","port":30080,"intervalInSeconds":15}}],
                  "loadBalancingRules":[{"name":"http","properties":{"protocol":"Tcp","frontendPort":80,"backendPort":30080,
                    "frontendIPConfiguration":{"id":"%3$s/frontendIPConfigurations/fe"},
                    "backendAddressPool":{"id":"%3$s/backendAddressPools/web-pool"},
                    "probe":{"id":"%3$s/probes/http"}}}]}}""".formatted(FakeArm.NODE_SUBNET, FakeArm.VNET, CONSOLE_LB));
        binding = ARM.azure().backendPoolBinding();
    }

    @Test
    void itAnswersToTheBackendPoolAnnotation() {
        assertThat(binding.annotation()).isEqualTo("gatehouse.dev/azure-backend-pool-id");
    }

    @Test
    void bindingAddsTheNodesToThePoolAloneUnderItsETagAndNeverSendsTheLoadBalancer() {
        JsonNode before = ARM.model().get(CONSOLE_LB);

        Set<String> registered = binding.ensureBound(POOL, 30080, List.of(NODE_1, NODE_2), Set.of());

        assertThat(registered).containsExactlyInAnyOrder("10.0.0.4", "10.0.0.5");
        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call).containsExactly("PUT " + POOL);
        assertThat(writes.get(0).ifMatch()).isEqualTo(before.path("etag").asText());
        assertThat(writes.get(0).body().has("frontendIPConfigurations")).isFalse();
        assertThat(addresses(writes.get(0).body()))
                .containsExactly("vm-legacy=10.0.9.9", "gatehouse-node-1=10.0.0.4", "gatehouse-node-2=10.0.0.5");
        assertThat(LoadBalancerJson.addressNetworks(writes.get(0).body())).containsOnly(FakeArm.VNET);
        assertUntouchedButThePool(before, ARM.model().get(CONSOLE_LB));
    }

    @Test
    void bindingAgainWithTheSameNodesMakesNoWrite() {
        Set<String> registered = binding.ensureBound(POOL, 30080, List.of(NODE_1, NODE_2), Set.of());
        ARM.forgetRequests();

        assertThat(binding.ensureBound(POOL, 30080, List.of(NODE_1, NODE_2), registered)).isEqualTo(registered);
        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void nodesComingAndGoingChangeOnlyWhatTheBindingRegistered() {
        Set<String> registered = binding.ensureBound(POOL, 30080, List.of(NODE_1, NODE_2), Set.of());
        ARM.forgetRequests();

        Set<String> now = binding.ensureBound(POOL, 30080, List.of(NODE_2, NODE_3), registered);

        assertThat(now).containsExactlyInAnyOrder("10.0.0.5", "10.0.0.6");
        assertThat(ARM.writeCalls()).containsExactly("PUT " + POOL);
        assertThat(addresses(part(ARM.model().get(CONSOLE_LB), "backendAddressPools", "web-pool")))
                .containsExactly("vm-legacy=10.0.9.9", "gatehouse-node-2=10.0.0.5", "gatehouse-node-3=10.0.0.6");
    }

    @Test
    void anAddressSomeoneElseRegisteredForANodesIpIsNeitherDuplicatedNorClaimedNorRemoved() {
        ARM.model().change(CONSOLE_LB, lb -> poolAddresses(lb).add(LoadBalancerJson.json(
                "{\"name\":\"ops-node-1\",\"properties\":{\"ipAddress\":\"10.0.0.4\"}}")));

        Set<String> registered = binding.ensureBound(POOL, 30080, List.of(NODE_1), Set.of());
        Set<String> afterLeaving = binding.ensureBound(POOL, 30080, List.of(), registered);
        binding.ensureUnbound(POOL, afterLeaving);

        assertThat(registered).isEmpty();
        assertThat(afterLeaving).isEmpty();
        assertThat(ARM.writes()).isEmpty();
        assertThat(addresses(part(ARM.model().get(CONSOLE_LB), "backendAddressPools", "web-pool")))
                .containsExactly("vm-legacy=10.0.9.9", "ops-node-1=10.0.0.4");
    }

    @Test
    void unbindingRemovesExactlyTheRegisteredAddressesAndAgainIsNoWrite() {
        Set<String> registered = binding.ensureBound(POOL, 30080, List.of(NODE_1, NODE_2), Set.of());
        JsonNode bound = ARM.model().get(CONSOLE_LB);
        ARM.forgetRequests();

        binding.ensureUnbound(POOL, registered);
        binding.ensureUnbound(POOL, registered);

        assertThat(ARM.writeCalls()).containsExactly("PUT " + POOL);
        JsonNode after = ARM.model().get(CONSOLE_LB);
        assertThat(addresses(part(after, "backendAddressPools", "web-pool"))).containsExactly("vm-legacy=10.0.9.9");
        assertUntouchedButThePool(bound, after);
    }

    @Test
    void unbindingFromAPoolThatIsGoneSucceeds() {
        binding.ensureUnbound(CONSOLE_LB + "/backendAddressPools/deleted-pool", Set.of("10.0.0.4"));
        binding.ensureUnbound("/subscriptions/" + FakeArm.SUBSCRIPTION
                + "/resourceGroups/console-rg/providers/Microsoft.Network/loadBalancers/gone/backendAddressPools/p",
                Set.of("10.0.0.4"));

        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void aPoolChangedBetweenReadAndWriteIsReadAgainAndTheOtherWritersAddressKept() {
        ARM.model().beforeNextWrite(POOL, lb -> poolAddresses(lb).add(LoadBalancerJson.json(
                "{\"name\":\"vm-new\",\"properties\":{\"ipAddress\":\"10.0.9.10\"}}")));

        Set<String> registered = binding.ensureBound(POOL, 30080, List.of(NODE_1), Set.of());

        assertThat(registered).containsExactly("10.0.0.4");
        List<FakeArm.Write> writes = ARM.writes();
        assertThat(writes).extracting(FakeArm.Write::call).containsExactly("PUT " + POOL, "PUT " + POOL);
        assertThat(writes.get(1).ifMatch()).isNotEqualTo(writes.get(0).ifMatch());
        assertThat(addresses(part(ARM.model().get(CONSOLE_LB), "backendAddressPools", "web-pool")))
                .containsExactly("vm-legacy=10.0.9.9", "vm-new=10.0.9.10", "gatehouse-node-1=10.0.0.4");
    }

    @Test
    void bindingToAPoolThatDoesNotExistFailsNamingIt() {
        String missing = CONSOLE_LB + "/backendAddressPools/typo";

        assertThatThrownBy(() -> binding.ensureBound(missing, 30080, List.of(NODE_1), Set.of()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("azure backend pool " + missing
                        + ": no such backend pool (annotation gatehouse.dev/azure-backend-pool-id)");
        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void anAnnotationThatIsNotABackendPoolIdIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> binding.ensureBound(CONSOLE_LB, 30080, List.of(NODE_1), Set.of()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageStartingWith("azure backend pool binding: annotation gatehouse.dev/azure-backend-pool-id \""
                        + CONSOLE_LB + "\": expected the resource id of a Microsoft.Network/loadBalancers/backendAddressPools");
    }

    private static ArrayNode poolAddresses(ObjectNode lb) {
        return (ArrayNode) part(lb, "backendAddressPools", "web-pool").path("properties").path("loadBalancerBackendAddresses");
    }

    private static void assertUntouchedButThePool(JsonNode before, JsonNode after) {
        for (String collection : List.of("frontendIPConfigurations", "loadBalancingRules", "probes")) {
            assertThat(withoutEtags(after.path("properties").path(collection)))
                    .isEqualTo(withoutEtags(before.path("properties").path(collection)));
        }
        assertThat(after.path("tags")).isEqualTo(before.path("tags"));
    }
}
