package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressLoadBalancerIngress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code status.loadBalancer.ingress} of our Ingresses equal to the published address, and takes
 * it away from Ingresses that stopped being ours (those whose status still lists exactly our address).
 * Only the leader writes, only where the status differs, on a thread of its own; a sync that fails is
 * retried with a growing delay.
 */
public final class IngressStatusWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IngressStatusWriter.class);
    private static final Comparator<IngressLoadBalancerIngress> ORDER = Comparator
            .comparing((IngressLoadBalancerIngress a) -> Objects.toString(a.getIp(), ""))
            .thenComparing(a -> Objects.toString(a.getHostname(), ""));

    private final KubernetesClient client;
    private final Supplier<List<Ingress>> cached;
    private final PublishAddress address;
    private final BooleanSupplier leader;
    private final StatusSyncLoop loop = new StatusSyncLoop("gatehouse-ingress-status", this::sync);
    private volatile Set<ObjectRef> ours;

    /**
     * @param cached the Ingresses of the informer cache
     */
    public IngressStatusWriter(KubernetesClient client, Supplier<List<Ingress>> cached, PublishAddress address,
                               BooleanSupplier leader) {
        this.client = client;
        this.cached = cached;
        this.address = address;
        this.leader = leader;
    }

    /** After each translation: these Ingresses are ours now. */
    public void ours(List<ObjectRef> ingresses) {
        ours = Set.copyOf(ingresses);
        trigger();
    }

    /** Something changed (the published address, the leadership): sync soon, once for many triggers. */
    public void trigger() {
        loop.trigger();
    }

    /** @return false when some write failed */
    private boolean sync() {
        Set<ObjectRef> mine = ours;
        if (!leader.getAsBoolean() || mine == null || !address.isKnown()) {
            return true;
        }
        List<IngressLoadBalancerIngress> desired = address.current();
        boolean failed = false;
        for (Ingress ingress : cached.get()) {
            List<IngressLoadBalancerIngress> current = published(ingress);
            boolean isOurs = mine.contains(ObjectRef.of(ingress));
            List<IngressLoadBalancerIngress> next;
            if (isOurs) {
                next = desired;
            } else if (!desired.isEmpty() && same(current, desired)) {
                next = List.of();
            } else {
                continue;
            }
            if (same(current, next) || !leader.getAsBoolean()) {
                continue;
            }
            failed |= !write(ingress, next);
        }
        return !failed;
    }

    private boolean write(Ingress ingress, List<IngressLoadBalancerIngress> addresses) {
        String namespace = ingress.getMetadata().getNamespace();
        String name = ingress.getMetadata().getName();
        try {
            // read afresh rather than copy the cached object; the update carries its resourceVersion, so a
            // concurrent writer makes it fail (409) and the retry reads again
            Ingress fresh = client.network().v1().ingresses().inNamespace(namespace).withName(name).get();
            if (fresh == null) {
                return true;
            }
            client.network().v1().ingresses().inNamespace(namespace).resource(new IngressBuilder(fresh)
                    .withNewStatus().withNewLoadBalancer().withIngress(addresses).endLoadBalancer().endStatus().build())
                    .updateStatus();
            log.info("ingress {}/{}: status.loadBalancer.ingress set to {}", namespace, name, describe(addresses));
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return true;
            }
            if (Thread.currentThread().isInterrupted()) {
                // the writer is closing: the write is given up, not failed
                return false;
            }
            log.warn("ingress {}/{}: writing status.loadBalancer.ingress failed, will retry: {}", namespace, name,
                    KubeCauses.describe(e, KubeCauses.apiServer(client)));
            return false;
        }
    }

    private static List<IngressLoadBalancerIngress> published(Ingress ingress) {
        if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return ingress.getStatus().getLoadBalancer().getIngress();
    }

    /** Same IPs and hostnames, in any order. */
    private static boolean same(List<IngressLoadBalancerIngress> a, List<IngressLoadBalancerIngress> b) {
        return a.size() == b.size() && key(a).equals(key(b));
    }

    private static List<String> key(List<IngressLoadBalancerIngress> addresses) {
        return addresses.stream().sorted(ORDER).map(PublishAddress::describe).toList();
    }

    private static String describe(List<IngressLoadBalancerIngress> addresses) {
        return addresses.isEmpty() ? "nothing" : String.join(", ", key(addresses));
    }

    @Override
    public void close() {
        loop.close();
    }
}
