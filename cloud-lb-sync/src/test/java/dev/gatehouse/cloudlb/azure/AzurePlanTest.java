package dev.gatehouse.cloudlb.azure;

import static dev.gatehouse.cloudlb.azure.FakeArm.publicIpPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.ResourceMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Azure provider's plans against the fake ARM through the real SDK clients: what an ensure or a deletion would
 * write, resource by resource, with GET requests only; and the public IP repaired when it is applied.
 */
class AzurePlanTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private final TestService web = TestService.named("web", "3f2a9c1e-8b4d-4e0f-9a6b-1c2d3e4f5a6b")
            .port("TCP", 80, 30080);

    @Test
    void aNewServiceIsPlannedAsItsPublicIpAndTheClusterLoadBalancerWithoutAWrite() {
        LoadBalancerPlan plan = ARM.azure().provider().plan(web.request());

        assertThat(plan.steps()).extracting(LoadBalancerPlan.Step::action, LoadBalancerPlan.Step::kind,
                LoadBalancerPlan.Step::resource).containsExactly(
                        tuple(Action.CREATE, "public-ip", web.prefix()),
                        tuple(Action.CREATE, "load-balancer", FakeArm.CLUSTER));
        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void aDeletionIsPlannedAsTheEmptiedLoadBalancerAndThePublicIpWithoutAWrite() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        ARM.forgetRequests();

        LoadBalancerPlan plan = provider.planDeletion(web.request());

        assertThat(plan.steps()).extracting(LoadBalancerPlan.Step::action, LoadBalancerPlan.Step::kind,
                LoadBalancerPlan.Step::resource).containsExactly(
                        tuple(Action.DELETE, "load-balancer", FakeArm.CLUSTER),
                        tuple(Action.DELETE, "public-ip", web.prefix()));
        assertThat(ARM.writes()).isEmpty();
    }

    @Test
    void aPublicIpWhoseTagWasTakenOffIsPlannedAsARepairAndCountedWhenRepaired() {
        LoadBalancerProvider provider = ARM.azure().provider();
        ResourceMetrics metrics = new ResourceMetrics(new PrometheusRegistry());
        provider.reportTo(metrics);
        provider.ensure(web.request());
        ARM.model().change(publicIpPath(web.prefix()), ip -> ((ObjectNode) ip.path("tags")).remove("gatehouse.dev-service"));
        ARM.forgetRequests();

        LoadBalancerPlan plan = provider.plan(web.request());

        assertThat(plan.steps()).extracting(LoadBalancerPlan.Step::action, LoadBalancerPlan.Step::kind,
                LoadBalancerPlan.Step::resource).containsExactly(tuple(Action.REPAIR, "public-ip", web.prefix()));
        assertThat(ARM.writes()).isEmpty();
        assertThat(metrics.count("azure", "public-ip", Action.REPAIR)).isZero();

        provider.ensure(web.request());

        assertThat(ARM.writeCalls()).containsExactly("PUT " + publicIpPath(web.prefix()));
        assertThat(metrics.count("azure", "public-ip", Action.REPAIR)).isEqualTo(1);
    }
}
