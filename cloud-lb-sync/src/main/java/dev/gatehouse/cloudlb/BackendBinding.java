package dev.gatehouse.cloudlb;

import java.util.List;
import java.util.Set;

/**
 * Registers the ready nodes of a Service into a load balancer made by hand in a cloud console (an AWS
 * target group, an Azure backend pool), and nothing else: the load balancer itself, its listeners and
 * rules, and every target someone else registered are never touched.
 */
public interface BackendBinding {

    /** The annotation that names the console-made target: {@code gatehouse.dev/aws-target-group-arn}, ... */
    String annotation();

    /**
     * Makes the target's registrations by us equal to {@code nodes} on {@code nodePort}.
     *
     * @param target the annotation's value (a target group ARN, a backend pool resource id)
     * @param registered what we registered before (as returned by the previous call), to deregister what
     *     is no longer wanted; targets registered by others are never deregistered
     * @return what we have registered now, as opaque strings the reconciler keeps on the Service
     */
    Set<String> ensureBound(String target, int nodePort, List<NodeTarget> nodes, Set<String> registered);

    /** Deregisters {@code registered} from the target; already gone is success. */
    void ensureUnbound(String target, Set<String> registered);
}
