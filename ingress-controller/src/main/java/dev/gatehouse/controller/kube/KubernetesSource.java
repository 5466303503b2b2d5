package dev.gatehouse.controller.kube;

import dev.gatehouse.controller.translate.NamedObjects;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.controller.view.GatewayCrds;
import dev.gatehouse.controller.view.GatewayObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendTLSPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerSet;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TLSRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
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
 * there is one; when the API server serves Gateway API v1, GatewayClass and Namespace (cluster-wide), Gateway,
 * HTTPRoute, BackendTLSPolicy, ListenerSet and ReferenceGrant (v1, or v1beta1 where the CRDs are older), and once the CRDs' bundle versions
 * ({@link GatewayApiCrds}). Secrets and ConfigMaps are otherwise read only by name: the TCP services and global ConfigMaps of the
 * command line, the auth Secrets and header ConfigMaps our Ingresses name ({@link NamedObjects}) and the CA ConfigMaps
 * of BackendTLSPolicies ({@link PolicyConfigMaps}), each watched by
 * {@link NamedWatch}, never every object of those kinds. Each event only calls {@code onChange}; the
 * rebuild that follows reads {@link #view()}, the caches as they are then, never the event's payload.
 */
public final class KubernetesSource implements AutoCloseable {

    static final String TLS_SECRET_TYPE = "kubernetes.io/tls";
    private static final Logger log = LoggerFactory.getLogger(KubernetesSource.class);
    /** How long a watch by name may hold rebuilds back; listing one object takes milliseconds when it works at all. */
    private static final Duration NAMED_SYNC_BOUND = Duration.ofSeconds(10);

    private final List<Kind<Ingress>> ingresses = new ArrayList<>();
    private final List<Kind<IngressClass>> ingressClasses = new ArrayList<>();
    private final List<Kind<Service>> services = new ArrayList<>();
    private final List<Kind<EndpointSlice>> endpointSlices = new ArrayList<>();
    private final List<Kind<Secret>> secrets = new ArrayList<>();
    private final List<Kind<Secret>> challengeSecrets = new ArrayList<>();
    private final List<Kind<ConfigMap>> configMaps = new ArrayList<>();
    private final List<Kind<GatewayClass>> gatewayClasses = new ArrayList<>();
    private final List<Kind<Gateway>> gateways = new ArrayList<>();
    private final List<Kind<HTTPRoute>> httpRoutes = new ArrayList<>();
    private final List<Kind<GRPCRoute>> grpcRoutes = new ArrayList<>();
    private final List<Kind<TLSRoute>> tlsRoutes = new ArrayList<>();
    private final List<Kind<TCPRoute>> tcpRoutes = new ArrayList<>();
    private final List<Kind<UDPRoute>> udpRoutes = new ArrayList<>();
    private final List<Kind<Namespace>> namespaceObjects = new ArrayList<>();
    private final List<Kind<ReferenceGrant>> referenceGrants = new ArrayList<>();
    private final List<Kind<io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant>> betaReferenceGrants = new ArrayList<>();
    private final List<Kind<BackendTLSPolicy>> backendTlsPolicies = new ArrayList<>();
    private final List<Kind<ListenerSet>> listenerSets = new ArrayList<>();
    private GatewayCrds crds = GatewayCrds.UNREADABLE;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final Runnable onChange;
    private final String apiServer;
    private final TranslatorSettings translator;
    private final NamedWatch<Secret> authSecrets;
    private final NamedWatch<ConfigMap> namedConfigMaps;

    private record Kind<T extends HasMetadata>(SharedIndexInformer<T> informer) {
        List<T> list() {
            return informer.getStore().list();
        }
    }

    private KubernetesSource(KubernetesClient client, Runnable onChange, TranslatorSettings translator) {
        this.onChange = onChange;
        this.apiServer = KubeCauses.apiServer(client);
        this.translator = translator;
        this.authSecrets = new NamedWatch<>("auth Secret",
                (namespace, name) -> client.secrets().inNamespace(namespace).withField("metadata.name", name),
                apiServer, NAMED_SYNC_BOUND, onChange);
        this.namedConfigMaps = new NamedWatch<>("header ConfigMap",
                (namespace, name) -> client.configMaps().inNamespace(namespace).withField("metadata.name", name),
                apiServer, NAMED_SYNC_BOUND, onChange);
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
        return create(client, namespaces, onChange, challengeSecret, TranslatorSettings.defaults());
    }

    /**
     * As {@link #create(KubernetesClient, Set, Runnable, String)}, for the translator's settings: the ConfigMaps of TCP
     * and UDP services ({@code --tcp-services-configmap}, {@code --udp-services-configmap}) and the global one
     * ({@code --config}) when set, and the class that
     * decides which Ingresses' auth Secrets and header ConfigMaps are watched.
     */
    public static KubernetesSource create(KubernetesClient client, Set<String> namespaces, Runnable onChange,
                                          String challengeSecret, TranslatorSettings translator) {
        KubernetesSource source = new KubernetesSource(client, onChange, translator);
        for (String named : new String[] {translator.tcpServices(), translator.config(), translator.udpServices()}) {
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
        boolean gatewayApi = servesGatewayApi(client);
        if (gatewayApi) {
            source.gatewayClasses.add(source.inform("GatewayClass", client.resources(GatewayClass.class)));
            source.namespaceObjects.add(source.inform("Namespace", client.namespaces()));
            source.crds = GatewayApiCrds.read(client, List.of("gatewayclasses", "gateways", "httproutes", "referencegrants"));
        }
        boolean v1Grants = gatewayApi && supports(client, ReferenceGrant.class);
        boolean backendTls = gatewayApi && supports(client, BackendTLSPolicy.class);
        boolean sets = gatewayApi && supports(client, ListenerSet.class);
        boolean grpc = gatewayApi && supports(client, GRPCRoute.class);
        // TLSRoute is v1 from Gateway API v1.5 on; older CRDs serve it as v1alpha2 only, whose informer would never sync
        boolean tlsRoutesServed = gatewayApi && supports(client, TLSRoute.class);
        // the experimental channel's kinds: watched only where their CRDs are installed
        boolean tcp = gatewayApi && supports(client, TCPRoute.class);
        boolean udp = gatewayApi && supports(client, UDPRoute.class);
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
            if (gatewayApi) {
                source.gateways.add(source.inform(where.apply("Gateway"), namespace.isEmpty()
                        ? client.resources(Gateway.class).inAnyNamespace() : client.resources(Gateway.class).inNamespace(namespace)));
                source.httpRoutes.add(source.inform(where.apply("HTTPRoute"), namespace.isEmpty()
                        ? client.resources(HTTPRoute.class).inAnyNamespace() : client.resources(HTTPRoute.class).inNamespace(namespace)));
                if (sets) {
                    source.listenerSets.add(source.inform(where.apply("ListenerSet"), namespace.isEmpty()
                            ? client.resources(ListenerSet.class).inAnyNamespace() : client.resources(ListenerSet.class).inNamespace(namespace)));
                }
                if (backendTls) {
                    source.backendTlsPolicies.add(source.inform(where.apply("BackendTLSPolicy"), namespace.isEmpty()
                            ? client.resources(BackendTLSPolicy.class).inAnyNamespace()
                            : client.resources(BackendTLSPolicy.class).inNamespace(namespace)));
                }
                if (grpc) {
                    source.grpcRoutes.add(source.inform(where.apply("GRPCRoute"), namespace.isEmpty()
                            ? client.resources(GRPCRoute.class).inAnyNamespace() : client.resources(GRPCRoute.class).inNamespace(namespace)));
                }
                if (tlsRoutesServed) {
                    source.tlsRoutes.add(source.inform(where.apply("TLSRoute"), namespace.isEmpty()
                            ? client.resources(TLSRoute.class).inAnyNamespace() : client.resources(TLSRoute.class).inNamespace(namespace)));
                }
                if (tcp) {
                    source.tcpRoutes.add(source.inform(where.apply("TCPRoute"), namespace.isEmpty()
                            ? client.resources(TCPRoute.class).inAnyNamespace() : client.resources(TCPRoute.class).inNamespace(namespace)));
                }
                if (udp) {
                    source.udpRoutes.add(source.inform(where.apply("UDPRoute"), namespace.isEmpty()
                            ? client.resources(UDPRoute.class).inAnyNamespace() : client.resources(UDPRoute.class).inNamespace(namespace)));
                }
                if (v1Grants) {
                    source.referenceGrants.add(source.inform(where.apply("ReferenceGrant"), namespace.isEmpty()
                            ? client.resources(ReferenceGrant.class).inAnyNamespace()
                            : client.resources(ReferenceGrant.class).inNamespace(namespace)));
                } else {
                    Class<io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant> beta =
                            io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant.class;
                    source.betaReferenceGrants.add(source.inform(where.apply("ReferenceGrant v1beta1"), namespace.isEmpty()
                            ? client.resources(beta).inAnyNamespace() : client.resources(beta).inNamespace(namespace)));
                }
            }
        }
        return source;
    }

    /**
     * Whether the API server serves the Gateway API's v1 kinds: their CRDs are the cluster's to install, and an informer
     * of a kind the server does not serve would never sync. Installing them later needs a restart.
     */
    private static boolean servesGatewayApi(KubernetesClient client) {
        try {
            boolean served = client.supports(HTTPRoute.class) && client.supports(Gateway.class) && client.supports(GatewayClass.class);
            log.info(served ? "the API server serves Gateway API v1: watching GatewayClasses, Gateways, HTTPRoutes and ReferenceGrants"
                    : "the API server does not serve Gateway API v1 (its CRDs are not installed): Gateway API is off");
            return served;
        } catch (KubernetesClientException e) {
            log.warn("asking the API server whether it serves Gateway API v1 failed, Gateway API is off: {}",
                    KubeCauses.describe(e, KubeCauses.apiServer(client)));
            return false;
        }
    }

    /** Whether the API server serves {@code kind} (ReferenceGrant is v1 in recent CRDs, v1beta1 in older ones). */
    private static boolean supports(KubernetesClient client, Class<? extends HasMetadata> kind) {
        try {
            return client.supports(kind);
        } catch (KubernetesClientException e) {
            return false;
        }
    }

    private <T extends HasMetadata> Kind<T> inform(String what, Informable<T> informable) {
        SharedIndexInformer<T> informer = informable.runnableInformer(0);
        // keep retrying, also before the first list succeeded: the API server may come up after us
        informer.exceptionHandler((started, error) -> {
            log.warn("watching {} failed, retrying: {}", what, KubeCauses.describe(error, apiServer));
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
     * True once every informer has listed its objects, so that a view is complete. Also brings the watches by name up
     * to date with the cached Ingresses: a Secret or ConfigMap an Ingress newly names keeps this false until it is
     * listed, for at most ten seconds ({@code NAMED_SYNC_BOUND}).
     */
    public boolean hasSynced() {
        if (!informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
            return false;
        }
        NamedObjects.Names names = NamedObjects.of(translator, all(ingressClasses), all(ingresses));
        boolean secretsListed = authSecrets.follow(names.secrets());
        return namedConfigMaps.follow(PolicyConfigMaps.plus(names.configMaps(), all(backendTlsPolicies))) && secretsListed;
    }

    /**
     * True while every informer's watch is open, those by name included; false while the API server is unreachable or
     * failing, or refuses one of them.
     */
    public boolean isWatching() {
        return informers.stream().allMatch(SharedIndexInformer::isWatching) && authSecrets.isWatching()
                && namedConfigMaps.isWatching();
    }

    /** The caches as they are now. The objects are shared with the caches: read them, never modify them. */
    public ClusterView view() {
        // the API server selects TLS Secrets; the filter keeps others out where a server ignores the selector
        List<Secret> tls = all(secrets).stream().filter(secret -> TLS_SECRET_TYPE.equals(secret.getType())).toList();
        if (!challengeSecrets.isEmpty()) {
            tls = new ArrayList<>(tls);
            tls.addAll(all(challengeSecrets));
        }
        List<Secret> auth = authSecrets.objects();
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
                tls, distinctConfigMaps(), List.of(),
                new GatewayObjects(all(gatewayClasses), all(gateways), all(httpRoutes), referenceGrants(), all(namespaceObjects), crds)
                        .withPolicies(all(backendTlsPolicies), all(listenerSets)).withGrpcRoutes(all(grpcRoutes))
                        .withTlsRoutes(all(tlsRoutes)).withStreamRoutes(all(tcpRoutes), all(udpRoutes)));
    }

    private List<ReferenceGrant> referenceGrants() {
        List<ReferenceGrant> grants = new ArrayList<>(all(referenceGrants));
        all(betaReferenceGrants).forEach(grant -> grants.add(GatewayObjects.v1(grant)));
        return grants;
    }

    /** The cached ConfigMaps, each once: an Ingress may name the one of tcp-services or --config too. */
    private List<ConfigMap> distinctConfigMaps() {
        Set<String> seen = new java.util.HashSet<>();
        List<ConfigMap> cached = new ArrayList<>(all(configMaps));
        cached.addAll(namedConfigMaps.objects());
        return cached.stream()
                .filter(map -> seen.add(map.getMetadata().getNamespace() + "/" + map.getMetadata().getName()))
                .toList();
    }

    /** The cached object a warning or a status is about: an Ingress, a Service, a ConfigMap, a Gateway or an HTTPRoute. */
    public Optional<HasMetadata> find(ObjectRef ref) {
        List<? extends Kind<? extends HasMetadata>> kinds = switch (ref.kind()) {
            case "Ingress" -> ingresses;
            case "Service" -> services;
            case "ConfigMap" -> configMaps;
            case "Gateway" -> gateways;
            case "HTTPRoute" -> httpRoutes;
            case "GRPCRoute" -> grpcRoutes;
            case "TLSRoute" -> tlsRoutes;
            case "TCPRoute" -> tcpRoutes;
            case "UDPRoute" -> udpRoutes;
            default -> List.of();
        };
        String key = ref.namespace() + "/" + ref.name();
        for (Kind<? extends HasMetadata> kind : kinds) {
            HasMetadata object = kind.informer().getStore().getByKey(key);
            if (object != null) {
                return Optional.of(object);
            }
        }
        return ref.kind().equals("ConfigMap") ? Optional.ofNullable(namedConfigMaps.find(key)) : Optional.empty();
    }

    /** The cached Ingresses, for the status writer. */
    public List<Ingress> ingresses() {
        return all(ingresses);
    }

    private static <T extends HasMetadata> List<T> all(List<Kind<T>> kinds) {
        if (kinds.isEmpty()) {
            return List.of();
        }
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
        namedConfigMaps.close();
    }
}
