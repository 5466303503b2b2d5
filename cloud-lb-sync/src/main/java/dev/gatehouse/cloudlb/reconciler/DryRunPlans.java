package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.DryRunWrite;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dry run's plan for one Service: the provider reads the cloud, and its clients stop the first write it
 * would send. That write is the plan's first step; a Service whose load balancer needs no write is in sync.
 */
final class DryRunPlans {

    private static final Logger log = LoggerFactory.getLogger(DryRunPlans.class);

    private final String provider;
    private final Operations operations;

    DryRunPlans(String provider, Operations operations) {
        this.provider = provider;
        this.operations = operations;
    }

    void plan(LoadBalancerRequest request, String operation, Supplier<LoadBalancerStatus> call) {
        try {
            LoadBalancerStatus status = call.get();
            operations.count("plan-" + operation, "in-sync");
            log.info("dry run: service {}: {} load balancer in sync{}", request.service(), provider,
                    status.isEmpty() ? "" : " at " + Addresses.of(status)
                            + (status.equals(request.currentStatus()) ? "" : ", the status would be written"));
        } catch (RuntimeException e) {
            DryRunWrite write = DryRunWrite.in(e).orElseThrow(() -> e);
            operations.count("plan-" + operation, "changes");
            log.info("dry run: service {}: the {} load balancer needs changes ({}), starting with {}", request.service(),
                    provider, operation, write.getMessage());
        }
    }
}
