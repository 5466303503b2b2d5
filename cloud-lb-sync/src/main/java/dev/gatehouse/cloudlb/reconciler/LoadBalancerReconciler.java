package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.ResourceMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The load-balancer reconciler, level-triggered: any change of a Service, Node or EndpointSlice marks
 * the world dirty and a pass follows after the hold-off; a pass also runs every resync to repair drift.
 * Only the leader reconciles, on the {@code gatehouse-lb} thread.
 *
 * <p>The parts, in the order a pass reaches them: {@link ClusterView} (the informers), {@link PassScheduler}
 * (hold-off, resync, one pass at a time), {@link Pass} (every Service, with {@link Backoff}),
 * {@link ServiceReconciler} (one Service: the finalizers ({@value #FINALIZER} and {@value #OWN_FINALIZER})
 * and the mark {@value #MADE_BY} before anything is made), {@link LoadBalancers} (ensure or delete, and the
 * status) and {@link BindingReconciler} (bindings to console-made load balancers, with the
 * {@link BindingRegistry} of what we registered).
 */
public final class LoadBalancerReconciler implements AutoCloseable {

    public static final String FINALIZER = "service.kubernetes.io/load-balancer-cleanup";
    /**
     * Our own finalizer beside the upstream one: the cloud's service controller also removes
     * {@value #FINALIZER} from Services it sees deleted, whatever their class, and must not be able to
     * let one of ours go before its load balancer is gone. A binding alone carries only this one.
     */
    public static final String OWN_FINALIZER = "gatehouse.dev/load-balancer-cleanup";
    /** Set (with the finalizers) before a load balancer is first made: which provider made it, so only
     * Services whose load balancer we made are ever cleaned up. */
    public static final String MADE_BY = "gatehouse.dev/load-balancer-provider";

    private final LoadBalancerProvider provider;
    private final ClusterView view;
    private final PassScheduler scheduler;
    private final LoadBalancerLog operationLog = new LoadBalancerLog();

    /**
     * @param provider makes load balancers
     * @param bindings bindings to console-made load balancers, by their annotation
     */
    public LoadBalancerReconciler(KubernetesClient client, LoadBalancerProvider provider, List<BackendBinding> bindings,
                                  LbSettings settings, BooleanSupplier leader, Clock clock, PrometheusRegistry registry) {
        this(client, provider, bindings, settings, leader, clock, registry, "default");
    }

    /** @param stateNamespace Gatehouse's own namespace, where the bindings' registry is kept */
    public LoadBalancerReconciler(KubernetesClient client, LoadBalancerProvider provider, List<BackendBinding> bindings,
                                  LbSettings settings, BooleanSupplier leader, Clock clock, PrometheusRegistry registry,
                                  String stateNamespace) {
        this.provider = Objects.requireNonNull(provider, "provider");
        provider.reportTo(new ResourceMetrics(registry));
        ServiceEvents events = new ServiceEvents(client, clock, Duration.ofMinutes(10), !settings.dryRun());
        Operations operations = new Operations(registry, provider.name());
        ServiceWriter writer = new ServiceWriter(client, settings.dryRun());
        LoadBalancers loadBalancers = new LoadBalancers(provider, writer, events, operations, clock, settings, operationLog);
        BindingReconciler bound = new BindingReconciler(bindings, new BindingRegistry(client, stateNamespace), events,
                settings);
        ServiceReconciler services = new ServiceReconciler(settings, provider.name(), writer, loadBalancers, bound);
        this.view = new ClusterView(client);
        Pass pass = new Pass(view, provider, services, bound, loadBalancers, events, operations, settings, leader, clock,
                operationLog);
        this.scheduler = new PassScheduler(settings.holdOff(), settings.resync(), pass::run);
    }

    /** The last operation on each load balancer, for the dashboard. */
    public LoadBalancerLog operationLog() {
        return operationLog;
    }

    /** Starts the informers; passes begin once all of them have listed. */
    public LoadBalancerReconciler start() {
        view.start(scheduler::trigger);
        scheduler.trigger();
        return this;
    }

    /** This replica became the leader: reconcile now. */
    public void leading() {
        scheduler.trigger();
    }

    @Override
    public void close() {
        scheduler.close();
        view.close();
        provider.close();
    }
}
