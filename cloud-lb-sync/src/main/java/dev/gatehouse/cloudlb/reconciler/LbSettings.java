package dev.gatehouse.cloudlb.reconciler;

import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;

/**
 * How the load-balancer reconciler runs.
 *
 * @param clusterName {@code --cluster-name}, for tags and shared resource names
 * @param defaultClass {@code --default-load-balancer-class}: also own Services without
 *     {@code spec.loadBalancerClass}
 * @param resync the periodic pass that repairs drift (5 minutes by default)
 * @param holdOff quiet time after a change before a pass, so a burst of node updates makes one pass
 * @param retryDelay the wait after the n-th failure in a row of one Service (exponential, with jitter)
 * @param dryRun log what each Service needs; call no provider and write nothing to the cluster
 * @param bindable prefixes of the targets Services may be bound to ({@code --lb-bind-allow}: target group
 *     ARNs, backend pool ids); a binding to anything else is refused, so that whoever may edit a Service
 *     cannot put nodes into any load balancer of the account
 */
public record LbSettings(String clusterName, boolean defaultClass, Duration resync, Duration holdOff,
                         IntFunction<Duration> retryDelay, boolean dryRun, List<String> bindable) {

    public LbSettings {
        bindable = List.copyOf(bindable);
    }

    /** Settings without bindings. */
    public LbSettings(String clusterName, boolean defaultClass, Duration resync, Duration holdOff,
                      IntFunction<Duration> retryDelay, boolean dryRun) {
        this(clusterName, defaultClass, resync, holdOff, retryDelay, dryRun, List.of());
    }

    boolean mayBind(String target) {
        return bindable.stream().anyMatch(target::startsWith);
    }

    public static final String CLASS = "gatehouse.dev/lb";
}
