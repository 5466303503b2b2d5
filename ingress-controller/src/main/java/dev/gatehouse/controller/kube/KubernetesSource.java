package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.translate.ObjectRef;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers for every kind the translator reads, cluster-wide or in the watched namespaces: Ingress,
 * IngressClass (always cluster-wide), Service, EndpointSlice, and Secrets of type
 * {@code kubernetes.io/tls} (selected by the API server), and the Secret of ACME challenge answers when
 * there is one, and the Secrets Ingresses name in {@code auth-secret} ({@link AuthSecretWatch}). Each event only calls
 * {@code onChange}; the
 * rebuild that follows reads {@link #view()}, the caches as they are then, never the event's payload.
 */
public final class KubernetesSource implements AutoCloseable {

    static final String TLS_SECRET_TYPE = "kubernetes.io/tls";
    private static final Logger log = LoggerFactory.getLogger(KubernetesSource.class);

    private final List<Kind<Ingress>> ingresses = new ArrayList<>();
    private final List<Kind<IngressClass>> ingressClasses = new ArrayList<>();
    private final List<Kind<Service>> services = new ArrayList<>();
    private final List<Kind<EndpointSlice>> endpointSlices = new ArrayList<>();
    private final List<Kind<Secret>> secrets = new ArrayList<>();
    private final List<Kind<Secret>> challengeSecrets = new ArrayList<>();
    private final List<Kind<ConfigMap>> configMaps = new ArrayList<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Runnable onChange;
    private AuthSecretWatch authSecrets;

    private record Kind<T extends HasMetadata>(SharedIndexInformer<T> informer) {
        List<T> list() {
            return informer.getStore().list();
        }
    }

    private KubernetesSource(Runnable onChange) {
        this.onChange = onChange;
    }

    /**
     * Creates the informers; none runs before {@link #start()}.
     *
     * @param namespaces the namespaces to watch; empty for all of them
     * @param onChange   called on every add, update and delete, on an informer thread: must be cheap
     */
    public static KubernetesSource create(KubernetesClient client, Set<String> namespaces, Runnable onChange) {
        return create(client, namespaces, onChange, null);
    }

    /**
     * As {@link #create(KubernetesClient, Set, Runnable)}, also watching the one Secret through which the
     * leader shares the answers to ACME HTTP-01 challenges.
     *
     * @param challengeSecret {@code namespace/name} of that Secret, or null
     */
    public static KubernetesSource create(KubernetesClient client, Set<String> namespaces, Runnable onChange,
                                          String challengeSecret) {
        return create(client, namespaces, onChange, challengeSecret, null);
    }

    /**
     * As {@link #create(KubernetesClient, Set, Runnable, String)}, also watching the one ConfigMap of TCP services.
     *
     * @param tcpServices {@code namespace/name} of that ConfigMap ({@code --tcp-services-configmap}), or null
     */
    public static KubernetesSource create(KubernetesClient client, Set<String> namespaces, Runnable onChange,
                                          String challengeSecret, String tcpServices) {
        return create(client, namespaces, onChange, challengeSecret, tcpServices, null);
    }

    /**
     * As {@link #create(KubernetesClient, Set, Runnable, String, String)}, also watching the global ConfigMap.
     *
     * @param config {@code namespace/name} of that ConfigMap ({@code --config}), or null
     */
    public static KubernetesSource create(KubernetesClient client, Set<String> namespaces, Runnable onChange,
                                          String challengeSecret, String tcpServices, String config) {
        KubernetesSource source = new KubernetesSource(onChange);
        source.authSecrets = new AuthSecretWatch(client, namespaces, onChange);
        for (String named : new String[] {tcpServices, config}) {
            if (named != null) {
                String[] parts = named.split("/", 2);
                source.configMaps.add(source.inform("ConfigMap " + named,
                        client.configMaps().inNamespace(parts[0]).withField("metadata.name", parts[1])));
            }
        }
        if (challengeSecret != null) {
            String[] parts = challengeSecret.split("/", 2);
            source.challengeSecrets.add(source.inform("Secret " + challengeSecret,
                    client.secrets().inNamespace(parts[0]).withField("metadata.name", parts[1])));
        }
        source.ingressClasses.add(source.inform("IngressClass", client.network().v1().ingressClasses()));
        for (String namespace : namespaces.isEmpty() ? Set.of("") : namespaces) {
            Function<String, String> where = kind -> namespace.isEmpty() ? kind : kind + " in namespace " + namespace;
            source.ingresses.add(source.inform(where.apply("Ingress"), namespace.isEmpty()
                    ? client.network().v1().ingresses().inAnyNamespace()
                    : client.network().v1().ingresses().inNamespace(namespace)));
            source.services.add(source.inform(where.apply("Service"), namespace.isEmpty()
                    ? client.services().inAnyNamespace()
                    : client.services().inNamespace(namespace)));
            source.endpointSlices.add(source.inform(where.apply("EndpointSlice"), namespace.isEmpty()
                    ? client.discovery().v1().endpointSlices().inAnyNamespace()
                    : client.discovery().v1().endpointSlices().inNamespace(namespace)));
            source.secrets.add(source.inform(where.apply("Secret"), (namespace.isEmpty()
                    ? client.secrets().inAnyNamespace()
                    : client.secrets().inNamespace(namespace)).withField("type", TLS_SECRET_TYPE)));
            // the ConfigMaps an Ingress names (custom-headers, request-headers) may be any of its namespace
            source.configMaps.add(source.inform(where.apply("ConfigMap"), namespace.isEmpty()
                    ? client.configMaps().inAnyNamespace()
                    : client.configMaps().inNamespace(namespace)));
        }
        return source;
    }

    private <T extends HasMetadata> Kind<T> inform(String what, Informable<T> informable) {
        SharedIndexInformer<T> informer = informable.runnableInformer(0);
        // keep retrying, also before the first list succeeded: the API server may come up after us
        informer.exceptionHandler((started, error) -> {
            log.warn("watching {} failed, retrying: {}", what, error.getMessage());
            return true;
        });
        informer.addEventHandler(new OnAnyChange<>(onChange));
        informers.add(informer);
        return new Kind<>(informer);
    }

    /** Starts every informer; completes when all of them have listed their objects once. */
    public CompletableFuture<Void> start() {
        return CompletableFuture.allOf(informers.stream()
                .map(informer -> informer.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new));
    }

    /**
     * True once every informer has listed its objects, so that a view is complete. Also brings the watch of auth
     * Secrets up to date with the cached Ingresses: a Secret an Ingress newly names keeps this false until it is listed.
     */
    public boolean hasSynced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced) && authSecrets.follow(all(ingresses));
    }

    /** True while every informer's watch is open; false while the API server is unreachable or failing. */
    public boolean isWatching() {
        return informers.stream().allMatch(SharedIndexInformer::isWatching);
    }

    /** The caches as they are now. The objects are shared with the caches: read them, never modify them. */
    public ClusterView view() {
        // the API server selects TLS Secrets; the filter keeps others out where a server ignores the selector
        List<Secret> tls = all(secrets).stream().filter(secret -> TLS_SECRET_TYPE.equals(secret.getType())).toList();
        if (!challengeSecrets.isEmpty()) {
            tls = new ArrayList<>(tls);
            tls.addAll(all(challengeSecrets));
        }
        List<Secret> auth = authSecrets.secrets();
        if (!auth.isEmpty()) {
            // a TLS Secret named as an auth Secret is in the view once
            Set<String> listed = new java.util.HashSet<>();
            tls.forEach(secret -> listed.add(secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName()));
            tls = new ArrayList<>(tls);
            for (Secret secret : auth) {
                if (listed.add(secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName())) {
                    tls.add(secret);
                }
            }
        }
        return new ClusterView(all(ingresses), all(ingressClasses), all(services), all(endpointSlices), List.of(),
                tls, distinctConfigMaps());
    }

    /** The cached ConfigMaps, each once: one watched by name (tcp-services, --config) may be in a watched namespace too. */
    private List<ConfigMap> distinctConfigMaps() {
        Set<String> seen = new java.util.HashSet<>();
        return all(configMaps).stream()
                .filter(map -> seen.add(map.getMetadata().getNamespace() + "/" + map.getMetadata().getName()))
                .toList();
    }

    /** The cached object a warning or a status is about: an Ingress or a Service. */
    public Optional<HasMetadata> find(ObjectRef ref) {
        List<? extends Kind<? extends HasMetadata>> kinds = switch (ref.kind()) {
            case "Ingress" -> ingresses;
            case "Service" -> services;
            case "ConfigMap" -> configMaps;
            default -> List.of();
        };
        String key = ref.namespace() + "/" + ref.name();
        for (Kind<? extends HasMetadata> kind : kinds) {
            HasMetadata object = kind.informer().getStore().getByKey(key);
            if (object != null) {
                return Optional.of(object);
            }
        }
        return Optional.empty();
    }

    /** The cached Ingresses, for the status writer. */
    public List<Ingress> ingresses() {
        return all(ingresses);
    }

    private static <T extends HasMetadata> List<T> all(List<Kind<T>> kinds) {
        if (kinds.size() == 1) {
            return kinds.get(0).list();
        }
        List<T> objects = new ArrayList<>();
        kinds.forEach(kind -> objects.addAll(kind.list()));
        return objects;
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        authSecrets.close();
    }
}
