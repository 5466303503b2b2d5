package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.translate.AuthSecretReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Secrets of basic auth: exactly those the Ingresses name in {@code auth-secret}, each watched on its own by name
 * (a field selector), so that Gatehouse neither reads nor keeps the other Secrets of the cluster; auth Secrets are
 * usually Opaque, which the TLS Secret informer leaves out. Only Secrets of the watched namespaces are followed, which
 * is where Gatehouse's role may read them. Their content is never logged.
 */
final class AuthSecretWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuthSecretWatch.class);

    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final Runnable onChange;
    private final Map<String, SharedIndexInformer<Secret>> watched = new HashMap<>();
    private boolean closed;

    /** @param namespaces the watched namespaces; empty for all */
    AuthSecretWatch(KubernetesClient client, Set<String> namespaces, Runnable onChange) {
        this.client = client;
        this.namespaces = namespaces;
        this.onChange = onChange;
    }

    /**
     * Watches the Secrets {@code ingresses} name now, and no others; true once each of them has been listed. A newly
     * watched Secret calls {@code onChange} once listed, also when it does not exist.
     */
    synchronized boolean follow(List<Ingress> ingresses) {
        if (closed) {
            return false;
        }
        Set<String> wanted = new TreeSet<>();
        for (Ingress ingress : ingresses) {
            String reference = AuthSecretReference.of(ingress);
            if (reference != null && (namespaces.isEmpty() || namespaces.contains(reference.substring(0, reference.indexOf('/'))))) {
                wanted.add(reference);
            }
        }
        watched.entrySet().removeIf(entry -> {
            if (wanted.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().close();
            return true;
        });
        for (String reference : wanted) {
            if (!watched.containsKey(reference)) {
                watched.put(reference, start(reference));
            }
        }
        return watched.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    private SharedIndexInformer<Secret> start(String reference) {
        String[] parts = reference.split("/", 2);
        SharedIndexInformer<Secret> informer = client.secrets().inNamespace(parts[0]).withField("metadata.name", parts[1])
                .runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            log.warn("watching auth Secret {} failed, retrying: {}", reference, error.getMessage());
            return true;
        });
        informer.addEventHandler(new OnAnyChange<>(onChange));
        informer.start().whenComplete((listed, error) -> onChange.run());
        return informer;
    }

    /** The watched Secrets as the caches hold them now. */
    synchronized List<Secret> secrets() {
        List<Secret> secrets = new ArrayList<>();
        watched.values().forEach(informer -> secrets.addAll(informer.getStore().list()));
        return secrets;
    }

    @Override
    public synchronized void close() {
        closed = true;
        watched.values().forEach(SharedIndexInformer::close);
        watched.clear();
    }
}
