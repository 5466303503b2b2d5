package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.NodeTarget;
import dev.gatehouse.cloudsdk.SdkCauses;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass over every Service, on the leader only and once every cache has listed. A Service's failure is
 * a Warning Event when it is news (not on each retry: {@link ServiceEvents}), a count in
 * {@code gatehouse_lb_operations_total{operation="reconcile",result="failed"}} on every attempt, and a retry with
 * backoff, never holding up another Service. Returns when the next pass is due: the earliest retry, or the resync.
 */
final class Pass {

    private static final Logger log = LoggerFactory.getLogger(Pass.class);

    private final ClusterView view;
    private final LoadBalancerProvider provider;
    private final ServiceReconciler services;
    private final BindingReconciler bindings;
    private final LoadBalancers loadBalancers;
    private final ServiceEvents events;
    private final Operations operations;
    private final Backoff backoff;
    private final LbSettings settings;
    private final BooleanSupplier leader;
    private final Clock clock;
    private final LoadBalancerLog operationLog;

    Pass(ClusterView view, LoadBalancerProvider provider, ServiceReconciler services, BindingReconciler bindings,
         LoadBalancers loadBalancers, ServiceEvents events, Operations operations, LbSettings settings,
         BooleanSupplier leader, Clock clock, LoadBalancerLog operationLog) {
        this.view = view;
        this.provider = provider;
        this.services = services;
        this.bindings = bindings;
        this.loadBalancers = loadBalancers;
        this.events = events;
        this.operations = operations;
        this.backoff = new Backoff(settings.retryDelay());
        this.settings = settings;
        this.leader = leader;
        this.clock = clock;
        this.operationLog = operationLog;
    }

    Duration run() {
        if (!leader.getAsBoolean() || !view.synced()) {
            return settings.resync();
        }
        Instant now = clock.instant();
        Instant wake = now.plus(settings.resync());
        List<Service> all = new ArrayList<>(view.services());
        all.sort(Comparator.comparing((Service s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()));
        List<NodeTarget> eligible = LoadBalancerRequests.eligible(view.nodes());
        List<EndpointSlice> slices = view.slices();
        // every status of ours counts, not only of Services that want one now: one on its way out still holds its address
        provider.observe(all.stream().filter(s -> LoadBalancerRequests.wantsLoadBalancer(s, settings)
                        || !LoadBalancerRequests.status(s).isEmpty() && Marks.madeByUs(s))
                .map(s -> LoadBalancerRequests.request(s, eligible, slices, settings)).toList());
        bindings.refresh();
        Set<String> present = new HashSet<>();
        for (Service service : all) {
            if (!leader.getAsBoolean()) {
                break;
            }
            String uid = service.getMetadata().getUid();
            present.add(uid);
            Optional<Instant> waiting = backoff.waiting(service, now);
            if (waiting.isPresent()) {
                wake = earliest(wake, waiting.get());
                continue;
            }
            try {
                services.reconcile(service, eligible, slices);
                backoff.succeeded(uid);
                events.succeeded(service, provider.name());
            } catch (LoadBalancerException e) {
                wake = earliest(wake, fail(service, e.reason(), e.getMessage()));
            } catch (KubernetesClientException e) {
                wake = earliest(wake, fail(service, "SyncLoadBalancerFailed", "writing service "
                        + service.getMetadata().getNamespace() + "/" + service.getMetadata().getName()
                        + " failed: " + SdkCauses.describe(e)));
            } catch (RuntimeException e) {
                log.warn("service {}/{}: reconciling failed unexpectedly", service.getMetadata().getNamespace(),
                        service.getMetadata().getName(), e);
                wake = earliest(wake, fail(service, "SyncLoadBalancerFailed", String.valueOf(e.getMessage())));
            }
        }
        backoff.retain(present);
        loadBalancers.retain(present);
        events.retain(present);
        return Duration.between(clock.instant(), wake);
    }

    private Instant fail(Service service, String reason, String message) {
        Backoff.Retry retry = backoff.failed(service, clock.instant());
        operations.count("reconcile", "failed");
        operationLog.record(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName(), null,
                "failed: " + message, clock.instant());
        events.failed(service, reason, message);
        log.warn("{} [{}] (service {}/{}: attempt {} failed; retrying in {} ms)", message, reason,
                service.getMetadata().getNamespace(), service.getMetadata().getName(), retry.attempt(),
                retry.delay().toMillis());
        return retry.at();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
