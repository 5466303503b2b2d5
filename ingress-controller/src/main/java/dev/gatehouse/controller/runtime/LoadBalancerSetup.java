package dev.gatehouse.controller.runtime;

import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.reconciler.LbSettings;
import java.util.List;

/**
 * How the leader keeps load balancers for LoadBalancer Services (the cloud-lb-sync module).
 *
 * @param provider makes the load balancers
 * @param bindings bindings to console-made load balancers, by annotation
 * @param clients the cloud clients behind them, closed when Gatehouse stops
 */
public record LoadBalancerSetup(LoadBalancerProvider provider, List<BackendBinding> bindings, LbSettings settings,
                                AutoCloseable clients) {

    public LoadBalancerSetup {
        bindings = List.copyOf(bindings);
    }

    public LoadBalancerSetup(LoadBalancerProvider provider, List<BackendBinding> bindings, LbSettings settings) {
        this(provider, bindings, settings, () -> { });
    }
}
