package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Ensures or deletes one Service's load balancer through the provider and writes the status it gets back.
 * An unchanged request is ensured again only at the resync: the provider reads the cloud on every call,
 * and a pass runs on every node or endpoint change.
 */
final class LoadBalancers {

    private final LoadBalancerProvider provider;
    private final ServiceWriter writer;
    private final ServiceEvents events;
    private final Operations operations;
    private final DryRunPlans plans;
    private final Clock clock;
    private final Duration resync;
    private final boolean dryRun;
    private final Map<String, Ensured> ensured = new HashMap<>();
    private final LoadBalancerLog operationLog;

    /** The last request ensured for a Service, and when. */
    private record Ensured(LoadBalancerRequest request, Instant at) {
    }

    LoadBalancers(LoadBalancerProvider provider, ServiceWriter writer, ServiceEvents events, Operations operations,
                  Clock clock, LbSettings settings, LoadBalancerLog operationLog) {
        this.provider = provider;
        this.operationLog = operationLog;
        this.writer = writer;
        this.events = events;
        this.operations = operations;
        this.plans = new DryRunPlans(provider.name(), operations);
        this.clock = clock;
        this.resync = settings.resync();
        this.dryRun = settings.dryRun();
    }

    void ensure(Service service, LoadBalancerRequest request) {
        if (dryRun) {
            plans.plan(request, "ensure", () -> provider.ensure(request));
            return;
        }
        if (request.ports().isEmpty()) {
            throw new LoadBalancerException("SyncLoadBalancerFailed", "service " + request.service()
                    + ": no port has a nodePort (expected at least one port; type LoadBalancer allocates nodePorts)");
        }
        Ensured last = ensured.get(service.getMetadata().getUid());
        Instant now = clock.instant();
        if (last != null && last.request().equals(request) && last.at().plus(resync).isAfter(now)) {
            return;
        }
        LoadBalancerStatus status = provider.ensure(request);
        operations.count("ensure", "ok");
        operationLog.record(request.service(), Addresses.of(status), "ensured", now);
        LoadBalancerRequest ensuredRequest = request;
        if (!status.equals(request.currentStatus())) {
            writer.status(service, status);
            ensuredRequest = withStatus(request, status);
        }
        ensured.put(service.getMetadata().getUid(), new Ensured(ensuredRequest, now));
        if (last == null || !withStatus(last.request(), LoadBalancerStatus.none())
                .equals(withStatus(request, LoadBalancerStatus.none()))) {
            events.normal(service, "EnsuredLoadBalancer", provider.name() + " load balancer "
                    + Addresses.of(status) + " for ports " + request.ports().stream()
                    .map(p -> p.protocol() + "/" + p.port()).toList() + " on " + request.nodes().size() + " node(s)");
        }
    }

    void delete(Service service, LoadBalancerRequest request) {
        if (dryRun) {
            plans.plan(request, "delete", () -> {
                provider.ensureDeleted(request);
                return LoadBalancerStatus.none();
            });
            return;
        }
        provider.ensureDeleted(request);
        operations.count("delete", "ok");
        operationLog.forget(request.service());
        ensured.remove(service.getMetadata().getUid());
        events.normal(service, "DeletedLoadBalancer", provider.name() + " load balancer deleted");
        if (service.getMetadata().getDeletionTimestamp() == null && !request.currentStatus().isEmpty()) {
            writer.status(service, LoadBalancerStatus.none());
        }
    }

    /** Forgets the Services that are gone. */
    void retain(Set<String> uids) {
        ensured.keySet().retainAll(uids);
    }

    private static LoadBalancerRequest withStatus(LoadBalancerRequest r, LoadBalancerStatus status) {
        return new LoadBalancerRequest(r.clusterName(), r.namespace(), r.name(), r.uid(), r.ports(), r.nodes(),
                r.internal(), r.sourceRanges(), r.healthCheckNodePort(), r.requestedAddress(), r.annotations(), status);
    }
}
