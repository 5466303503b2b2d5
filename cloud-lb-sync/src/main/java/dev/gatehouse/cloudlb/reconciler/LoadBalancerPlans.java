package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.NodeTarget;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the next pass would do, for {@code gatehouse lb plan}: the Services, Nodes and EndpointSlices listed once,
 * and for each Service the pass would touch, the provider's plan of its ensure or its deletion (read calls only),
 * after the Service's own edit (finalizers and mark) where the pass would make one. Nothing is written, to the
 * cluster or the cloud. Bindings to console-made load balancers are not planned.
 */
public final class LoadBalancerPlans {

    static final String SERVICE = "service";

    private LoadBalancerPlans() {
    }

    public static List<LoadBalancerPlan> next(KubernetesClient client, LoadBalancerProvider provider, LbSettings settings) {
        List<Service> all = new ArrayList<>(client.services().inAnyNamespace().list().getItems());
        all.sort(Comparator.comparing((Service s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()));
        List<NodeTarget> eligible = LoadBalancerRequests.eligible(client.nodes().list().getItems());
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems();
        provider.observe(all.stream().filter(s -> LoadBalancerRequests.wantsLoadBalancer(s, settings)
                        || !LoadBalancerRequests.status(s).isEmpty() && Marks.madeByUs(s))
                .map(s -> LoadBalancerRequests.request(s, eligible, slices, settings)).toList());
        List<LoadBalancerPlan> plans = new ArrayList<>();
        for (Service service : all) {
            boolean wants = LoadBalancerRequests.wantsLoadBalancer(service, settings);
            if (!wants && !Marks.madeByUs(service)) {
                continue;
            }
            plans.add(plan(service, wants, LoadBalancerRequests.request(service, eligible, slices, settings), provider));
        }
        return plans;
    }

    private static LoadBalancerPlan plan(Service service, boolean wants, LoadBalancerRequest request,
                                         LoadBalancerProvider provider) {
        List<LoadBalancerPlan.Step> steps = new ArrayList<>();
        // the provider's own plan names the kind it chose (aws-nlb or aws-elb for aws)
        String name = provider.name();
        try {
            if (wants) {
                if (!Marks.madeByUs(service) || !Marks.hasAllFinalizers(service)) {
                    steps.add(new LoadBalancerPlan.Step(LoadBalancerPlan.Action.UPDATE, SERVICE, request.service(),
                            "add the finalizers and mark the load balancer as ours"));
                }
                if (request.ports().isEmpty()) {
                    return new LoadBalancerPlan(name, request.service(), steps,
                            "no port has a nodePort (expected at least one port)");
                }
                LoadBalancerPlan plan = provider.plan(request);
                name = plan.provider();
                steps.addAll(plan.steps());
            } else {
                LoadBalancerPlan plan = provider.planDeletion(request);
                name = plan.provider();
                steps.addAll(plan.steps());
                steps.add(new LoadBalancerPlan.Step(LoadBalancerPlan.Action.UPDATE, SERVICE, request.service(),
                        "remove our finalizers once the load balancer is deleted"));
            }
            return new LoadBalancerPlan(name, request.service(), steps);
        } catch (LoadBalancerException e) {
            return new LoadBalancerPlan(name, request.service(), steps, e.getMessage());
        }
    }
}
