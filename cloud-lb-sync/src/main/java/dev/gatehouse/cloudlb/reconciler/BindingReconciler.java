package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.NodeTarget;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one Service's binding to a console-made load balancer: what the Service asks for against what the
 * {@link BindingRegistry} says we registered. A binding that changed target or annotation is undone first;
 * only what we registered is ever deregistered.
 */
final class BindingReconciler {

    private static final Logger log = LoggerFactory.getLogger(BindingReconciler.class);

    private final List<BackendBinding> bindings;
    private final BindingRegistry registry;
    private final ServiceEvents events;
    private final LbSettings settings;

    BindingReconciler(List<BackendBinding> bindings, BindingRegistry registry, ServiceEvents events,
                      LbSettings settings) {
        this.bindings = List.copyOf(bindings);
        this.registry = registry;
        this.events = events;
        this.settings = settings;
    }

    /** Whether any binding is configured: without one, the registry is never read. */
    boolean any() {
        return !bindings.isEmpty();
    }

    /** Reads the registry once per pass. */
    void refresh() {
        if (any()) {
            registry.refresh();
        }
    }

    Optional<Bindings.Wanted> wanted(Service service) {
        return Bindings.wanted(service, bindings);
    }

    Optional<Bindings.Bound> bound(Service service) {
        return any() ? registry.get(service.getMetadata().getUid()) : Optional.empty();
    }

    void reconcile(Service service, Optional<Bindings.Wanted> wanted, Optional<Bindings.Bound> bound,
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
            registry.remove(service.getMetadata().getUid());
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
            registry.put(service.getMetadata().getUid(), new Bindings.Bound(want.binding().annotation(), want.target(), now));
            events.normal(service, "BoundBackend", now.size() + " target(s) registered in " + want.target());
        }
    }

    private BackendBinding bindingFor(String annotation) {
        return bindings.stream().filter(b -> b.annotation().equals(annotation)).findFirst()
                .orElseThrow(() -> new LoadBalancerException("SyncBackendFailed", "no binding for annotation "
                        + annotation + " is configured, so its registrations cannot be removed"));
    }
}
