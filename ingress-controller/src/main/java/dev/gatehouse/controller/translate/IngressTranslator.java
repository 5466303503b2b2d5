package dev.gatehouse.controller.translate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.controller.translate.annotations.AnnotationContext;
import dev.gatehouse.controller.translate.annotations.ErrorPageAnnotations;
import dev.gatehouse.controller.translate.annotations.GlobalConfig;
import dev.gatehouse.controller.translate.annotations.IngressAnnotations;
import dev.gatehouse.controller.translate.annotations.SslRedirect;
import dev.gatehouse.controller.translate.gateway.CertificateBinder;
import dev.gatehouse.controller.translate.annotations.SslPassthrough;
import dev.gatehouse.controller.translate.gateway.GatewayRoute;
import dev.gatehouse.controller.translate.gateway.GatewayTranslator;
import dev.gatehouse.controller.translate.gateway.PortClaim;
import dev.gatehouse.controller.translate.gateway.ServiceBackends;
import dev.gatehouse.controller.translate.labels.LabelMaps;
import dev.gatehouse.controller.translate.labels.LabelTranslator;
import dev.gatehouse.controller.translate.labels.MarathonClusters;
import dev.gatehouse.controller.translate.labels.TcpClaim;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.PathType;
import dev.gatehouse.routing.RequestMatch;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.SessionAffinity;
import dev.gatehouse.routing.TcpListener;
import dev.gatehouse.routing.UpstreamTls;
import dev.gatehouse.routing.UdpListener;
import dev.gatehouse.routing.VirtualHost;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Translates our Ingresses into a routing snapshot, exactly per the Ingress specification, and adds the
 * routes and TCP listeners that Services and Marathon apps ask for by marathon-lb's keys
 * ({@link LabelTranslator}) and the tcp-services ConfigMap ({@link TcpServices}).
 *
 * <p>Ingresses are visited oldest first (creation time, then namespace and name), so that when two of
 * them claim the same host, path and pathType, or both set a default backend, the oldest keeps it and the
 * newer one gets a warning. Rules with an invalid host or path, or a backend that cannot be used, are
 * skipped with a warning; the rest of the Ingress still routes. Hosts merge across Ingresses.
 */
public final class IngressTranslator {

    private final TranslatorSettings settings;
    private final Clock clock;
    // a memo of certificate parsing by the Secret's text, so that a rebuild does not parse every certificate again
    private final Cache<String, Object> certificates = Caffeine.newBuilder().maximumSize(10_000).build();
    private final IngressParts parts = new IngressParts();
    private final VirtualHosts virtualHostsBuilt = new VirtualHosts();
    private final LocalChanges localChanges;

    public IngressTranslator(TranslatorSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock the time TLS certificates must be valid at */
    public IngressTranslator(TranslatorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.localChanges = new LocalChanges(settings);
    }

    /**
     * Translates the view. When only a few Ingresses changed and the translation is a matter of their hosts and clusters
     * alone, only those are worked out again ({@link LocalChanges}). Otherwise each Ingress's own part is read again only
     * when it or something it names changed since the last translation ({@link IngressParts}), and what depends on other
     * Ingresses is decided again. Either way the result is the same as a first translation's.
     */
    public synchronized Translation translate(ClusterView view) {
        Translation local = localChanges.translate(view);
        return local != null ? local : translateWhole(view);
    }

    private Translation translateWhole(ClusterView view) {
        List<Warning> warnings = new ArrayList<>();
        IngressClassFilter filter = new IngressClassFilter(settings, view.ingressClasses());
        BackendResolver backends = new BackendResolver(view, warnings);
        GlobalConfig global = GlobalConfig.read(view, settings.config(), warnings);
        backends.defaultLoadBalancing(global.loadBalance());
        AnnotationContext context = new AnnotationContext(view, backends, global, warnings);
        String hsts = global.hsts() == null ? settings.strictTransportSecurity() : global.hsts().isEmpty() ? null : global.hsts();
        TlsSecrets tlsSecrets = new TlsSecrets(view, certificates, clock.instant());
        Map<HostPattern, Map<PathMatch, Claim>> hosts = new TreeMap<>();
        Claim fallback = null;

        Map<ObjectRef, SslRedirect> redirects = new HashMap<>();
        AcmeRequests acme = new AcmeRequests();
        List<IngressParts.Known> ours = parts.begin(view.ingresses().stream().filter(filter::isOurs).toList(),
                List.of(global, view.ingressClasses().stream().map(ObjectStamps::of).toList()));
        RegexHosts regexHosts = RegexHosts.of(ours.stream().filter(known -> known.paths().regexOnHosts()).map(IngressParts.Known::ingress).toList());
        PartReader reader = new PartReader(context, backends, regexHosts, new SslRedirect(global.sslRedirect(), global.forceSslRedirect()));
        ObjectStamps stamps = new ObjectStamps(view, backends);
        List<ObjectRef> served = new ArrayList<>();
        ServerAliases aliases = new ServerAliases();
        // custom errors that go to the snapshot's default backend, which is known once every Ingress is read
        List<Ingress> fallbackPages = new ArrayList<>();
        CanaryRules canaries = new CanaryRules(backends, regexHosts, warnings);
        // whether LocalChanges may go on from this translation: every Ingress keeps to its hosts and clusters
        boolean plain = true;
        Map<ObjectRef, IngressPart> partsByOwner = new HashMap<>();
        PassthroughIngresses passthrough = new PassthroughIngresses(settings.gateway().httpsPort());
        for (IngressParts.Known known : ours) {
            Ingress ingress = known.ingress();
            ObjectRef owner = known.owner();
            IngressPart part = parts.part(known, reader, stamps, regexHosts);
            if (plain && LocalChanges.plain(ingress, part)) {
                partsByOwner.put(owner, part);
            } else {
                plain = false;
            }
            IngressAnnotations annotations = part.annotations();
            warnings.addAll(part.warnings());
            part.annotationCalls().forEach(call -> call.replay(owner, backends));
            if (!annotations.served() || canaries.hold(ingress, owner, annotations)) {
                continue;
            }
            served.add(owner);
            if (ErrorPageAnnotations.needsFallback(annotations.filters().errorPages())) {
                fallbackPages.add(ingress);
            }
            redirects.put(owner, part.redirect());
            String namespace = Metadata.namespace(ingress);
            IngressSpec spec = ingress.getSpec();
            if (spec == null) {
                continue;
            }
            if (part.defaultBackend() != null) {
                if (fallback != null) {
                    warnings.add(new Warning(owner, Warning.DEFAULT_BACKEND_CONFLICT, owner + ": spec.defaultBackend is ignored: "
                            + fallback.owner() + ", which is older, already sets the default backend (expected one default backend)"));
                } else {
                    part.defaultBackend().replay(owner, backends);
                    fallback = part.defaultClaim();
                }
            }
            // before the rules: a rule of an Ingress that asks for client certificates needs its host's binding to ask for them
            if (spec.getTls() != null) {
                boolean acmeAsked = AcmeRequests.asks(ingress, filter.classOf(ingress), owner, warnings);
                if (acmeAsked) {
                    acme.add(owner, namespace, spec.getTls(), warnings);
                }
                tlsSecrets.check(owner, namespace, spec.getTls(), acmeAsked, annotations.clientAuth(), warnings);
            }
            List<IngressRule> rules = spec.getRules() == null ? List.of() : spec.getRules();
            Set<HostPattern> refused = ClientCertificateHosts.refused(owner, rules, annotations.clientAuth(), tlsSecrets, warnings);
            part.steps().forEach(step -> (refused.contains(step.host()) ? step.refusingEveryRequest() : step)
                    .claim(owner, hosts, backends, warnings));
            if (SslPassthrough.requested(ingress, owner, warnings)) {
                passthrough.add(ingress, owner, hosts, warnings);
            }
            if (!annotations.aliases().isEmpty()) {
                rules.forEach(rule -> aliases.add(owner, rule.getHost(), annotations.aliases()));
            }
        }
        parts.end();

        aliases.accept(hosts.keySet(), warnings);
        fallback = canaries.attach(hosts, fallback, served);
        aliases.serve(hosts);
        ClusterName fallbackCluster = fallback != null && fallback.route().action() instanceof RouteAction.Forward forward
                ? forward.cluster() : null;
        fallbackPages.forEach(ingress -> ErrorPageAnnotations.checkFallback(ingress, ObjectRef.of(ingress), fallbackCluster, warnings));
        List<TcpListener> tcp = tcpListeners(TcpServices.read(view, settings.tcpServices(), backends, warnings), List.of(), warnings);
        GatewayTranslator.Result gateway = new GatewayTranslator(settings.gateway()).translate(view.gateway(), view.secrets(),
                view.configMaps(), new ServiceBackends() {
                    @Override
                    public ClusterName resolve(ObjectRef owner, String field, String namespace, IngressServiceBackend backend) {
                        // a missing Service is BackendNotFound (answered 500), not a Service without endpoints (503)
                        ClusterName name = backends.service(namespace, backend.getName()) == null ? null
                                : backends.resolve(owner, field, namespace, backend);
                        if (name != null && owner.kind().equals("GRPCRoute")) {
                            backends.speakH2c(owner, name);
                        }
                        return name;
                    }

                    @Override
                    public String mirrorAuthority(ClusterName cluster) {
                        return backends.mirrorAuthority(cluster);
                    }

                    @Override
                    public Service service(String namespace, String name) {
                        return backends.service(namespace, name);
                    }

                    @Override
                    public void secure(ClusterName cluster, UpstreamTls tls) {
                        backends.secure(cluster, tls);
                    }

                    @Override
                    public void persist(ObjectRef owner, ClusterName cluster, SessionAffinity affinity) {
                        backends.persist(owner, cluster, affinity);
                    }
                }, new CertificateBinder() {
                    @Override
                    public void bind(ObjectRef owner, String field, String namespace, String name, List<String> hosts,
                                     List<Warning> warnings) {
                        tlsSecrets.checkNamed(owner, field, namespace, name, hosts, warnings);
                    }

                    @Override
                    public String problem(String namespace, String name) {
                        return tlsSecrets.problem(namespace, name);
                    }
                }, warnings);
        Map<HostPattern, Map<Map.Entry<PathMatch, RequestMatch>, Claim>> conditional = new HashMap<>();
        addGatewayRoutes(gateway.routes(), hosts, conditional, warnings);
        MarathonClusters marathon = new MarathonClusters();
        LabelTranslator.Result labels = new LabelTranslator(settings.groups(), settings.strictMode(), backends, marathon, warnings).translate(view);
        LabelMaps labelMaps = LabelTranslator.finish(addLabelRoutes(labels.routes(), hosts, warnings), tlsSecrets::checkNamed, warnings);
        tcp = tcpListeners(labels.tcp(), tcp, warnings);
        List<PortClaim<UdpListener>> udpClaims = new ArrayList<>(UdpServices.read(view, settings.udpServices(), backends, warnings));
        udpClaims.addAll(gateway.udp());
        List<UdpListener> udp = UdpServices.ports(udpClaims, warnings);
        tcp = tcpListeners(gateway.tcp().stream().map(claim -> new TcpClaim(claim.owner(), claim.field(), claim.listener())).toList(),
                tcp, warnings);

        List<VirtualHost> virtualHosts = new ArrayList<>(hosts.size());
        virtualHostsBuilt.begin();
        hosts.forEach((host, claims) -> {
            boolean tls = tlsSecrets.declares(host);
            Claim[] inOrder = claims.values().toArray(Claim[]::new);
            boolean[] redirected = new boolean[inOrder.length];
            for (int i = 0; i < inOrder.length; i++) {
                redirected[i] = !inOrder[i].label() && redirects.get(inOrder[i].owner()).redirects(tls);
            }
            Route[] extra = conditional.getOrDefault(host, Map.of()).values().stream().map(Claim::route).toArray(Route[]::new);
            virtualHosts.add(virtualHostsBuilt.of(host, new VirtualHosts.Inputs(inOrder, redirected, tls ? hsts : null,
                    !global.relativeRedirects(), extra), VirtualHosts::routes));
        });
        virtualHosts.addAll(WwwRedirects.virtualHosts(ours.stream().filter(known -> known.paths().fromToWww())
                .map(IngressParts.Known::ingress).toList(), served, hosts.keySet(), warnings));
        List<Cluster> clusters = new ArrayList<>(backends.clusters());
        clusters.addAll(marathon.clusters());
        RoutingSnapshot snapshot = RoutingSnapshot.of(0, virtualHosts, clusters, fallback == null ? null : fallback.route())
                .withTls(tlsSecrets.bindings(), tlsSecrets.defaultCertificate(settings.defaultCertificate(), warnings))
                .withAcmeChallenges(tlsSecrets.entries(settings.acmeChallengeSecret()))
                .withTcpListeners(tcp)
                .withTlsPassthrough(passthrough.rules(gateway.passthrough(), warnings))
                .withUdpListeners(udp)
                .withTuning(global.tuning().over(settings.tuning()));
        virtualHostsBuilt.end();
        Translation translation = new Translation(snapshot, warnings, served, acme.requests(), labelMaps, gateway.statuses());
        localChanges.arm(view, ours, partsByOwner, plain && labels.routes().isEmpty() && gateway.routes().isEmpty()
                && snapshot.tlsPassthrough().isEmpty()
                && marathon.clusters().isEmpty(), global, translation);
        return translation;
    }

    /** How many Ingresses the last translation read again; the others' parts it kept from the one before. */
    int partsRead() {
        return parts.read();
    }

    /** How many translations so far were worked out from the one before for the few Ingresses that changed. */
    int localTranslations() {
        return localChanges.translated();
    }

    /**
     * Gateway API routes after the Ingress rules: on a host both serve, a path an Ingress routes stays the Ingress's, and
     * among HTTPRoutes the oldest keeps a host and path (they come oldest first). A route that also requires a method,
     * headers or query parameters claims its path and those conditions together ({@code conditional}): it sits beside
     * the path's plain route, tried before it.
     */
    private static void addGatewayRoutes(List<GatewayRoute> routes, Map<HostPattern, Map<PathMatch, Claim>> hosts,
                                         Map<HostPattern, Map<Map.Entry<PathMatch, RequestMatch>, Claim>> conditional,
                                         List<Warning> warnings) {
        for (GatewayRoute gatewayRoute : routes) {
            Map<PathMatch, Claim> plain = hosts.computeIfAbsent(gatewayRoute.host(), p -> new LinkedHashMap<>());
            Route route = gatewayRoute.route();
            Claim claim = new Claim(gatewayRoute.owner(), route, true);
            Claim existing = route.match().any() ? plain.putIfAbsent(route.path(), claim)
                    : conditional.computeIfAbsent(gatewayRoute.host(), p -> new LinkedHashMap<>())
                            .putIfAbsent(Map.entry(route.path(), route.match()), claim);
            if (existing != null && !existing.owner().equals(gatewayRoute.owner())) {
                warnings.add(new Warning(gatewayRoute.owner(), Warning.RULE_CONFLICT, gatewayRoute.owner() + ": host \""
                        + gatewayRoute.host() + "\" path " + route.path() + (route.match().any() ? "" : " with " + route.match())
                        + " is already routed by " + existing.owner()
                        + " (expected each host and path routed once: Ingress rules first, then HTTPRoutes oldest first)"));
            }
        }
    }

    /**
     * Label routes after the Ingress rules: a host and path an Ingress routes stays theirs, and a label route an
     * Ingress rule covers entirely is dropped. Among label routes of one host and path, the highest BACKEND_WEIGHT
     * wins, as marathon-lb writes its ACLs highest weight first; only a tie (then the older Service, or the Marathon
     * app first by id) is a conflict. Returns the label routes kept.
     */
    private static List<LabelTranslator.LabelRoute> addLabelRoutes(List<LabelTranslator.LabelRoute> labelRoutes,
                                                                   Map<HostPattern, Map<PathMatch, Claim>> hosts, List<Warning> warnings) {
        List<LabelTranslator.LabelRoute> byWeight = new ArrayList<>(labelRoutes);
        byWeight.sort(Comparator.comparingInt((LabelTranslator.LabelRoute labelRoute) -> labelRoute.route().priority()).reversed());
        List<LabelTranslator.LabelRoute> kept = new ArrayList<>();
        for (LabelTranslator.LabelRoute labelRoute : byWeight) {
            Map<PathMatch, Claim> routes = hosts.computeIfAbsent(labelRoute.host(), p -> new LinkedHashMap<>());
            Route route = labelRoute.route();
            Claim existing = routes.get(route.path());
            if (existing != null) {
                boolean outweighed = existing.label() && existing.route().priority() > route.priority();
                if (!existing.owner().equals(labelRoute.owner()) && !outweighed) {
                    warnings.add(new Warning(labelRoute.owner(), Warning.RULE_CONFLICT, labelRoute.owner() + ": host \"" + labelRoute.host()
                            + "\" path " + route.path() + " is already routed by " + existing.owner()
                            + " (expected each host and path routed once: Ingress rules first, then the highest BACKEND_WEIGHT, "
                            + "then Services oldest first, then Marathon apps by id)"));
                }
                continue;
            }
            Claim shadow = routes.values().stream().filter(claim -> !claim.label() && covers(claim.route().path(), route.path()))
                    .findFirst().orElse(null);
            if (shadow != null) {
                warnings.add(new Warning(labelRoute.owner(), Warning.RULE_CONFLICT, labelRoute.owner() + ": host \"" + labelRoute.host()
                        + "\" path " + route.path() + " is never reached: " + shadow.owner() + " routes " + shadow.route().path()
                        + " on that host, and Ingress rules are tried first (expected label routes on paths no Ingress rule of the host covers)"));
                continue;
            }
            routes.put(route.path(), new Claim(labelRoute.owner(), route, true));
            kept.add(labelRoute);
        }
        return kept;
    }

    /** Whether every request path {@code inner} matches also matches {@code outer}. */
    private static boolean covers(PathMatch outer, PathMatch inner) {
        if (outer.type() != PathType.PREFIX) {
            return outer.equals(inner);
        }
        if (outer.value().equals("/")) {
            return true;
        }
        if (inner.type() == PathType.BEGINS_IGNORE_CASE) {
            return false;
        }
        String value = inner.value();
        return value.startsWith(outer.value() + "/") || (inner.type() != PathType.BEGINS && value.equals(outer.value()));
    }

    /** {@code earlier} with the claims added whose ports are still free; the others are reported. */
    private List<TcpListener> tcpListeners(List<TcpClaim> claims, List<TcpListener> earlier, List<Warning> warnings) {
        List<TcpListener> listeners = new ArrayList<>(earlier);
        for (TcpClaim claim : claims) {
            if (settings.reservedPorts().contains(claim.listener().port())) {
                warnings.add(new Warning(claim.owner(), Warning.PORT_CONFLICT, claim.owner() + ": " + claim.field() + ": TCP port "
                        + claim.listener().port() + " is one of Gatehouse's own listeners (HTTP, HTTPS or admin; expected another port)"));
                continue;
            }
            TcpListener holder = listeners.stream().filter(l -> l.port() == claim.listener().port()).findFirst().orElse(null);
            if (holder != null) {
                warnings.add(new Warning(claim.owner(), Warning.PORT_CONFLICT, claim.owner() + ": " + claim.field() + ": TCP port "
                        + claim.listener().port() + " is already served by " + holder.name() + " (expected one listener per port: "
                        + "the tcp-services ConfigMap first, then Services oldest first, then Marathon apps by id, then TCPRoutes oldest first)"));
                continue;
            }
            listeners.add(claim.listener());
        }
        return listeners;
    }
}
