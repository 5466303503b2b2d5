package dev.gatehouse.cloudlb;

/**
 * Told of each step a provider applied, as it applies it: {@link ResourceMetrics} counts and logs the ones an
 * operator wants to see (adopted, repaired, cleaned).
 */
@FunctionalInterface
public interface ResourceReport {

    ResourceReport NONE = (provider, service, step) -> { };

    /** @param service {@code namespace/name} of the Service the resource belongs to */
    void applied(String provider, String service, LoadBalancerPlan.Step step);
}
