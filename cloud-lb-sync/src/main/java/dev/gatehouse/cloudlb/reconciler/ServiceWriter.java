package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reconciler's writes to Services: their metadata (finalizers, the mark) and {@code status.loadBalancer}. */
final class ServiceWriter {

    private static final Logger log = LoggerFactory.getLogger(ServiceWriter.class);

    private final KubernetesClient client;
    private final boolean dryRun;

    /** @param dryRun log what would be written instead of writing it */
    ServiceWriter(KubernetesClient client, boolean dryRun) {
        this.client = client;
        this.dryRun = dryRun;
    }

    /** Edits the Service (annotations present, for the change to add to); returns it as written. */
    Service edit(Service service, String what, Consumer<Service> change) {
        if (dryRun) {
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

    /** The Service as the API server has it now, not as the informer last saw it; empty once it is gone. */
    Optional<Service> latest(Service service) {
        return Optional.ofNullable(resource(service).get());
    }

    void status(Service service, LoadBalancerStatus status) {
        List<LoadBalancerIngress> ingress = new ArrayList<>();
        status.ips().forEach(ip -> ingress.add(new LoadBalancerIngressBuilder().withIp(ip).build()));
        status.hostnames().forEach(h -> ingress.add(new LoadBalancerIngressBuilder().withHostname(h).build()));
        resource(service).editStatus(s -> {
            if (s.getStatus() == null) {
                s.setStatus(new ServiceStatusBuilder().build());
            }
            s.getStatus().setLoadBalancer(new LoadBalancerStatusBuilder().withIngress(ingress).build());
            return s;
        });
    }

    private Resource<Service> resource(Service service) {
        return client.services().inNamespace(service.getMetadata().getNamespace()).withName(service.getMetadata().getName());
    }
}
