package dev.gatehouse.cloudlb.service;

import dev.gatehouse.cloudsdk.SdkCauses;
import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.DryRunWrite;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.NodeTarget;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The load-balancer reconciler, level-triggered: any change of a Service, Node or EndpointSlice marks
 * the world dirty and a pass follows after the hold-off; a pass also runs every resync to repair drift.
 * Only the leader reconciles, on the {@code gatehouse-lb} thread. Per Service, in the order of the
 * cloud-provider service controller: the finalizers ({@value #FINALIZER} and {@value #OWN_FINALIZER}) and the
 * mark {@value #MADE_BY} before anything is created, then
 * {@code ensure} and the status (patched only when it changed); when the Service no longer wants a load
 * balancer (deleted, another type or class) {@code ensureDeleted}, then the status cleared and the
 * finalizer removed. A Service's failure is an Event and is retried with backoff, never holding up
 * another Service.
 */
public final class LoadBalancerController implements AutoCloseable {

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
    private static final Logger log = LoggerFactory.getLogger(LoadBalancerController.class);

    private final KubernetesClient client;
    private final LoadBalancerProvider provider;
    private final List<BackendBinding> bindings;
    private final LbSettings settings;
    private final BooleanSupplier leader;
    private final Clock clock;
    private final ServiceEvents events;
    private final BindingRecords records;
    private final Counter operations;
    private final ScheduledExecutorService executor;
    private final Map<String, Failure> failures = new HashMap<>();
    private final Map<String, Ensured> ensured = new HashMap<>();
    private final LoadBalancerLog operationLog = new LoadBalancerLog();
    private final List<SharedIndexInformer<?>> informers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile SharedIndexInformer<Service> services;
    private volatile SharedIndexInformer<Node> nodes;
    private volatile SharedIndexInformer<EndpointSlice> slices;
    private volatile boolean started;
    private ScheduledFuture<?> next;
    private boolean passPending;

    private record Failure(int count, Instant retryAt, String resourceVersion) {
    }

    /** The last request ensured for a Service, and when: an unchanged request is ensured again only at resync. */
    private record Ensured(LoadBalancerRequest request, Instant at) {
    }

    /**
     * @param provider makes load balancers
     * @param bindings bindings to console-made load balancers, by their annotation
     */
    public LoadBalancerController(KubernetesClient client, LoadBalancerProvider provider, List<BackendBinding> bindings,
                                  LbSettings settings, BooleanSupplier leader, Clock clock, PrometheusRegistry registry) {
        this(client, provider, bindings, settings, leader, clock, registry, "default");
    }

    /** @param stateNamespace Gatehouse's own namespace, where the bindings' records are kept */
    public LoadBalancerController(KubernetesClient client, LoadBalancerProvider provider, List<BackendBinding> bindings,
                                  LbSettings settings, BooleanSupplier leader, Clock clock, PrometheusRegistry registry,
                                  String stateNamespace) {
        this.records = new BindingRecords(client, stateNamespace);
        this.client = client;
        this.provider = java.util.Objects.requireNonNull(provider, "provider");
        this.bindings = List.copyOf(bindings);
        this.settings = settings;
        this.leader = leader;
        this.clock = clock;
        this.events = new ServiceEvents(client, clock, Duration.ofMinutes(10), !settings.dryRun());
        this.operations = Counter.builder().name("gatehouse_lb_operations_total")
                .help("Load balancer operations on Services, by provider, operation and result")
                .labelNames("provider", "operation", "result").register(registry);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-lb");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the informers; passes begin once all of them have listed. */
    /** The last operation on each load balancer, for the dashboard. */
    public LoadBalancerLog operationLog() {
        return operationLog;
    }

    public LoadBalancerController start() {
        ResourceEventHandler<Object> dirty = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                trigger();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                trigger();
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                trigger();
            }
        };
        services = client.services().inAnyNamespace().inform(handler(dirty), 0);
        nodes = client.nodes().inform(handler(dirty), 0);
        slices = client.discovery().v1().endpointSlices().inAnyNamespace().inform(handler(dirty), 0);
        informers.addAll(List.of(services, nodes, slices));
        started = true;
        trigger();
        return this;
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> handler(ResourceEventHandler<Object> any) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) any;
    }

    /** This replica became the leader: reconcile now. */
    public void leading() {
        trigger();
    }

    private synchronized void trigger() {
        if (passPending) {
            return;
        }
        passPending = true;
        schedule(settings.holdOff());
    }

    private void pass() {
        synchronized (this) {
            passPending = false;
            next = null;
        }
        Duration wait = settings.resync();
        try {
            if (started && leader.getAsBoolean() && informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
                wait = reconcileAll();
            }
        } finally {
            schedule(wait);
        }
    }

    /** One pass over every Service; returns when the next one is due. */
    private Duration reconcileAll() {
        Instant now = clock.instant();
        Instant wake = now.plus(settings.resync());
        List<Service> all = new ArrayList<>(services.getStore().list());
        all.sort(Comparator.comparing((Service s) -> s.getMetadata().getNamespace())
                .thenComparing(s -> s.getMetadata().getName()));
        List<NodeTarget> eligible = LoadBalancerRequests.eligible(nodes.getStore().list());
        List<EndpointSlice> endpointSlices = slices.getStore().list();
        // every status of ours counts, not only of Services that want one now: one on its way out still holds its address
        provider.observe(all.stream().filter(s -> LoadBalancerRequests.wantsLoadBalancer(s, settings)
                        || !LoadBalancerRequests.status(s).isEmpty() && annotations(s).containsKey(MADE_BY))
                .map(s -> LoadBalancerRequests.request(s, eligible, endpointSlices, settings)).toList());
        if (!bindings.isEmpty()) {
            records.refresh();
        }
        Set<String> present = new HashSet<>();
        for (Service service : all) {
            if (!leader.getAsBoolean()) {
                break;
            }
            String uid = service.getMetadata().getUid();
            present.add(uid);
            Failure failed = failures.get(uid);
            boolean changed = failed != null
                    && !failed.resourceVersion().equals(service.getMetadata().getResourceVersion());
            if (failed != null && !changed && now.isBefore(failed.retryAt())) {
                wake = failed.retryAt().isBefore(wake) ? failed.retryAt() : wake;
                continue;
            }
            try {
                reconcile(service, eligible, endpointSlices);
                failures.remove(uid);
            } catch (LoadBalancerException e) {
                wake = earliest(wake, fail(service, e.reason(), e.getMessage(), failed));
            } catch (KubernetesClientException e) {
                wake = earliest(wake, fail(service, "SyncLoadBalancerFailed", "writing service "
                        + service.getMetadata().getNamespace() + "/" + service.getMetadata().getName()
                        + " failed: " + SdkCauses.describe(e), failed));
            } catch (RuntimeException e) {
                log.warn("service {}/{}: reconciling failed unexpectedly", service.getMetadata().getNamespace(),
                        service.getMetadata().getName(), e);
                wake = earliest(wake, fail(service, "SyncLoadBalancerFailed", String.valueOf(e.getMessage()), failed));
            }
        }
        failures.keySet().retainAll(present);
        ensured.keySet().retainAll(present);
        return Duration.between(clock.instant(), wake);
    }

    private void reconcile(Service service, List<NodeTarget> eligible, List<EndpointSlice> endpointSlices) {
        boolean wantsLb = LoadBalancerRequests.wantsLoadBalancer(service, settings);
        Optional<Bindings.Wanted> binding = Bindings.wanted(service, bindings);
        Optional<Bindings.Bound> bound = bindings.isEmpty() ? Optional.empty()
                : records.get(service.getMetadata().getUid());
        boolean made = annotations(service).containsKey(MADE_BY);
        if (wantsLb && (!made || !finalizers(service).containsAll(List.of(FINALIZER, OWN_FINALIZER)))) {
            service = write(service, "add the finalizers and mark the load balancer as ours", s -> {
                addFinalizer(s, FINALIZER);
                addFinalizer(s, OWN_FINALIZER);
                s.getMetadata().getAnnotations().put(MADE_BY, provider.name());
            });
            made = true;
        } else if (binding.isPresent() && !finalizers(service).contains(OWN_FINALIZER)) {
            service = write(service, "add the finalizer " + OWN_FINALIZER, s -> addFinalizer(s, OWN_FINALIZER));
        }
        LoadBalancerRequest request = LoadBalancerRequests.request(service, eligible, endpointSlices, settings);
        boolean cleanedUp = false;
        if (wantsLb) {
            ensure(service, request);
        } else if (made) {
            delete(service, request);
            cleanedUp = true;
        }
        try {
            reconcileBinding(service, binding, bound, request.nodes());
        } catch (LoadBalancerException e) {
            // the bindings know the target, not the Service: name it here
            throw new LoadBalancerException(e.reason(), "service " + request.service() + ": " + e.getMessage(), e);
        }
        boolean holding = finalizers(service).contains(OWN_FINALIZER) || finalizers(service).contains(FINALIZER) && made;
        if (!wantsLb && binding.isEmpty() && (cleanedUp || holding) && !settings.dryRun()) {
            Service latest = resource(service).get();
            if (latest != null) {
                write(latest, "remove our finalizers", s -> {
                    List<String> list = new ArrayList<>(finalizers(s));
                    list.remove(OWN_FINALIZER);
                    if (s.getMetadata().getAnnotations().containsKey(MADE_BY)) {
                        list.remove(FINALIZER);
                    }
                    s.getMetadata().setFinalizers(list);
                    s.getMetadata().getAnnotations().remove(MADE_BY);
                });
            }
        }
    }

    private static void addFinalizer(Service service, String finalizer) {
        List<String> list = new ArrayList<>(finalizers(service));
        if (!list.contains(finalizer)) {
            list.add(finalizer);
        }
        service.getMetadata().setFinalizers(list);
    }

    private static Map<String, String> annotations(Service service) {
        Map<String, String> annotations = service.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }

    private void ensure(Service service, LoadBalancerRequest request) {
        if (settings.dryRun()) {
            plan(request, "ensure", () -> provider.ensure(request));
            return;
        }
        if (request.ports().isEmpty()) {
            throw new LoadBalancerException("SyncLoadBalancerFailed", "service " + request.service()
                    + ": no port has a nodePort (expected at least one port; type LoadBalancer allocates nodePorts)");
        }
        Ensured last = ensured.get(service.getMetadata().getUid());
        Instant now = clock.instant();
        if (last != null && last.request().equals(request) && last.at().plus(settings.resync()).isAfter(now)) {
            // nothing this Service depends on changed since it was ensured: the resync repairs drift
            return;
        }
        LoadBalancerStatus status = provider.ensure(request);
        operations.labelValues(provider.name(), "ensure", "ok").inc();
        operationLog.record(request.service(), describe(status), "ensured", now);
        LoadBalancerRequest ensuredRequest = request;
        if (!status.equals(request.currentStatus())) {
            patchStatus(service, status);
            ensuredRequest = withStatus(request, status);
        }
        ensured.put(service.getMetadata().getUid(), new Ensured(ensuredRequest, now));
        if (last == null || !withoutStatus(last.request()).equals(withoutStatus(request))) {
            events.normal(service, "EnsuredLoadBalancer", provider.name() + " load balancer "
                    + describe(status) + " for ports " + request.ports().stream().map(p -> p.protocol() + "/" + p.port())
                    .toList() + " on " + request.nodes().size() + " node(s)");
        }
    }

    private void delete(Service service, LoadBalancerRequest request) {
        if (settings.dryRun()) {
            plan(request, "delete", () -> {
                provider.ensureDeleted(request);
                return LoadBalancerStatus.none();
            });
            return;
        }
        provider.ensureDeleted(request);
        operations.labelValues(provider.name(), "delete", "ok").inc();
        operationLog.forget(request.service());
        ensured.remove(service.getMetadata().getUid());
        events.normal(service, "DeletedLoadBalancer", provider.name() + " load balancer deleted");
        if (service.getMetadata().getDeletionTimestamp() == null && !request.currentStatus().isEmpty()) {
            patchStatus(service, LoadBalancerStatus.none());
        }
    }

    /**
     * A dry run: the provider reads the cloud, and its clients stop the first write it would send. That
     * write is the plan's first step; a Service whose load balancer needs no write is in sync.
     */
    private void plan(LoadBalancerRequest request, String operation, java.util.function.Supplier<LoadBalancerStatus> call) {
        try {
            LoadBalancerStatus status = call.get();
            operations.labelValues(provider.name(), "plan-" + operation, "in-sync").inc();
            log.info("dry run: service {}: {} load balancer in sync{}", request.service(), provider.name(),
                    status.isEmpty() ? "" : " at " + describe(status)
                            + (status.equals(request.currentStatus()) ? "" : ", the status would be written"));
        } catch (RuntimeException e) {
            DryRunWrite write = DryRunWrite.in(e).orElseThrow(() -> e);
            operations.labelValues(provider.name(), "plan-" + operation, "changes").inc();
            log.info("dry run: service {}: the {} load balancer needs changes ({}), starting with {}", request.service(),
                    provider.name(), operation, write.getMessage());
        }
    }

    private void reconcileBinding(Service service, Optional<Bindings.Wanted> wanted, Optional<Bindings.Bound> bound,
                                  List<NodeTarget> nodes) {
        if (wanted.isEmpty() && bound.isEmpty()) {
            return;
        }
        if (settings.dryRun()) {
            log.info("dry run: service {}/{} binding {} would be reconciled", service.getMetadata().getNamespace(),
                    service.getMetadata().getName(), wanted.map(Bindings.Wanted::target).orElse("(removed)"));
            return;
        }
        Set<String> registered = Set.of();
        if (bound.isPresent()) {
            boolean same = wanted.isPresent() && wanted.get().binding().annotation().equals(bound.get().annotation())
                    && wanted.get().target().equals(bound.get().target());
            if (same) {
                registered = bound.get().registered();
            } else {
                bindingFor(bound.get().annotation()).ensureUnbound(bound.get().target(), bound.get().registered());
                events.normal(service, "UnboundBackend", "deregistered " + bound.get().registered().size()
                        + " target(s) from " + bound.get().target());
            }
        }
        if (wanted.isEmpty()) {
            records.remove(service.getMetadata().getUid());
            return;
        }
        Bindings.Wanted want = wanted.get();
        if (!settings.mayBind(want.target())) {
            throw new LoadBalancerException("BindingNotAllowed", "annotation " + want.binding().annotation() + " names "
                    + want.target() + ", which is not among the targets Services may be bound to (expected a target "
                    + "starting with one of --lb-bind-allow " + settings.bindable() + ")");
        }
        int nodePort = Bindings.nodePort(service).orElseThrow(() -> new LoadBalancerException("SyncBackendFailed",
                "service " + service.getMetadata().getNamespace() + "/" + service.getMetadata().getName()
                        + ": annotation " + want.binding().annotation() + " needs a port with a nodePort (expected "
                        + "type NodePort or LoadBalancer, and " + Bindings.PORT + " naming one of its ports)"));
        Set<String> now = want.binding().ensureBound(want.target(), nodePort, nodes, registered);
        if (!now.equals(registered) || bound.isEmpty() || !bound.get().target().equals(want.target())) {
            records.put(service.getMetadata().getUid(), new Bindings.Bound(want.binding().annotation(), want.target(), now));
            events.normal(service, "BoundBackend", now.size() + " target(s) registered in " + want.target());
        }
    }

    private BackendBinding bindingFor(String annotation) {
        return bindings.stream().filter(b -> b.annotation().equals(annotation)).findFirst()
                .orElseThrow(() -> new LoadBalancerException("SyncBackendFailed", "no binding for annotation "
                        + annotation + " is configured, so its registrations cannot be removed"));
    }

    private void patchStatus(Service service, LoadBalancerStatus status) {
        List<LoadBalancerIngress> ingress = new ArrayList<>();
        status.ips().forEach(ip -> ingress.add(new LoadBalancerIngressBuilder().withIp(ip).build()));
        status.hostnames().forEach(h -> ingress.add(new LoadBalancerIngressBuilder().withHostname(h).build()));
        resource(service).editStatus(s -> {
            if (s.getStatus() == null) {
                s.setStatus(new ServiceStatusBuilder().build());
            }
            s.getStatus().setLoadBalancer(new io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder()
                    .withIngress(ingress).build());
            return s;
        });
    }

    private Service write(Service service, String what, java.util.function.Consumer<Service> change) {
        if (settings.dryRun()) {
            log.info("dry run: service {}/{}: would {}", service.getMetadata().getNamespace(),
                    service.getMetadata().getName(), what);
            return service;
        }
        return resource(service).edit(s -> {
            if (s.getMetadata().getAnnotations() == null) {
                s.getMetadata().setAnnotations(new HashMap<>());
            }
            change.accept(s);
            return s;
        });
    }

    private Resource<Service> resource(Service service) {
        return client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName());
    }

    private Instant fail(Service service, String reason, String message, Failure previous) {
        int count = previous == null ? 1 : previous.count() + 1;
        Duration wait = settings.retryDelay().apply(count);
        operations.labelValues(provider.name(), "reconcile", "failed").inc();
        operationLog.record(service.getMetadata().getNamespace() + "/" + service.getMetadata().getName(), null,
                "failed: " + message, clock.instant());
        // the Event's text stays the same across retries, so that it is written once, not once per attempt
        events.warning(service, reason, message);
        log.warn("{} [{}] (service {}/{}: attempt {} failed; retrying in {} ms)", message, reason,
                service.getMetadata().getNamespace(), service.getMetadata().getName(), count, wait.toMillis());
        Instant retryAt = clock.instant().plus(wait);
        failures.put(service.getMetadata().getUid(), new Failure(count, retryAt,
                String.valueOf(service.getMetadata().getResourceVersion())));
        return retryAt;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static LoadBalancerRequest withoutStatus(LoadBalancerRequest r) {
        return withStatus(r, LoadBalancerStatus.none());
    }

    private static LoadBalancerRequest withStatus(LoadBalancerRequest r, LoadBalancerStatus status) {
        return new LoadBalancerRequest(r.clusterName(), r.namespace(), r.name(), r.uid(), r.ports(), r.nodes(),
                r.internal(), r.sourceRanges(), r.healthCheckNodePort(), r.requestedAddress(), r.annotations(), status);
    }

    private static String describe(LoadBalancerStatus status) {
        List<String> all = new ArrayList<>(status.ips());
        all.addAll(status.hostnames());
        return String.join(",", all);
    }

    private static List<String> finalizers(Service service) {
        List<String> list = service.getMetadata().getFinalizers();
        return list == null ? List.of() : list;
    }

    private void schedule(Duration delay) {
        synchronized (this) {
            if (next != null && !next.isDone() && next.getDelay(TimeUnit.MILLISECONDS) <= delay.toMillis()) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            try {
                next = executor.schedule(this::pass, Math.max(delay.toMillis(), 0), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closing: no next pass
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        informers.forEach(SharedIndexInformer::close);
        provider.close();
    }
}
