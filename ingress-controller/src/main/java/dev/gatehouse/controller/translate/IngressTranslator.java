package dev.gatehouse.controller.translate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.controller.translate.annotations.AnnotationContext;
import dev.gatehouse.controller.translate.annotations.ErrorPageAnnotations;
import dev.gatehouse.controller.translate.annotations.GlobalConfig;
import dev.gatehouse.controller.translate.annotations.IngressAnnotations;
import dev.gatehouse.controller.translate.annotations.SslRedirect;
import dev.gatehouse.controller.translate.gateway.GatewayRoute;
import dev.gatehouse.controller.translate.gateway.GatewayTranslator;
import dev.gatehouse.controller.translate.labels.LabelMaps;
import dev.gatehouse.controller.translate.labels.LabelTranslator;
import dev.gatehouse.controller.translate.labels.MarathonClusters;
import dev.gatehouse.controller.translate.labels.TcpClaim;
import dev.gatehouse.controller.translate.objects.HostNames;
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
import dev.gatehouse.routing.TcpListener;
import dev.gatehouse.routing.VirtualHost;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    public IngressTranslator(TranslatorSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** @param clock the time TLS certificates must be valid at */
    public IngressTranslator(TranslatorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public Translation translate(ClusterView view) {
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
        List<Ingress> ours = Metadata.byAge(view.ingresses().stream().filter(filter::isOurs).toList());
        RegexHosts regexHosts = RegexHosts.of(ours);
        List<ObjectRef> served = new ArrayList<>();
        ServerAliases aliases = new ServerAliases();
        // custom errors that go to the snapshot's default backend, which is known once every Ingress is read
        List<Ingress> fallbackPages = new ArrayList<>();
        CanaryRules canaries = new CanaryRules(backends, regexHosts, warnings);
        for (Ingress ingress : ours) {
            ObjectRef owner = ObjectRef.of(ingress);
            IngressAnnotations annotations = IngressAnnotations.of(ingress, owner, context, warnings);
            if (!annotations.served() || canaries.hold(ingress, owner, annotations)) {
                continue;
            }
            served.add(owner);
            if (ErrorPageAnnotations.needsFallback(annotations.filters().errorPages())) {
                fallbackPages.add(ingress);
            }
            redirects.put(owner, SslRedirect.of(ingress, owner, new SslRedirect(global.sslRedirect(), global.forceSslRedirect()), warnings));
            String namespace = Metadata.namespace(ingress);
            IngressSpec spec = ingress.getSpec();
            if (spec == null) {
                continue;
            }
            if (spec.getDefaultBackend() != null) {
                if (fallback != null) {
                    warnings.add(new Warning(owner, Warning.DEFAULT_BACKEND_CONFLICT, owner + ": spec.defaultBackend is ignored: "
                            + fallback.owner() + ", which is older, already sets the default backend (expected one default backend)"));
                } else {
                    ClusterName cluster = backends.resolve(owner, "spec.defaultBackend", namespace, spec.getDefaultBackend(),
                            annotations.upstream());
                    if (cluster != null) {
                        fallback = new Claim(owner, new Route(owner.namespace() + "/" + owner.name() + " defaultBackend",
                                PathMatch.prefix("/"), annotations.forward(cluster)));
                    }
                }
            }
            List<IngressRule> rules = spec.getRules() == null ? List.of() : spec.getRules();
            for (int i = 0; i < rules.size(); i++) {
                addRule(owner, namespace, i, rules.get(i), annotations, regexHosts, hosts, backends, warnings);
                if (!annotations.aliases().isEmpty()) {
                    aliases.add(owner, rules.get(i).getHost(), annotations.aliases());
                }
            }
            if (spec.getTls() != null) {
                boolean acmeAsked = AcmeRequests.asks(ingress, filter.classOf(ingress), owner, warnings);
                if (acmeAsked) {
                    acme.add(owner, namespace, spec.getTls(), warnings);
                }
                tlsSecrets.check(owner, namespace, spec.getTls(), acmeAsked, warnings);
            }
        }

        aliases.accept(hosts.keySet(), warnings);
        fallback = canaries.attach(hosts, fallback, served);
        aliases.serve(hosts);
        ClusterName fallbackCluster = fallback != null && fallback.route().action() instanceof RouteAction.Forward forward
                ? forward.cluster() : null;
        fallbackPages.forEach(ingress -> ErrorPageAnnotations.checkFallback(ingress, ObjectRef.of(ingress), fallbackCluster, warnings));
        List<TcpListener> tcp = tcpListeners(TcpServices.read(view, settings.tcpServices(), backends, warnings), List.of(), warnings);
        GatewayTranslator.Result gateway = new GatewayTranslator(settings.gateway()).translate(view.gateway(), view.secrets(),
                // a missing Service is BackendNotFound (answered 500), not a Service without endpoints (503)
                (owner, field, namespace, backend) -> backends.service(namespace, backend.getName()) == null ? null
                        : backends.resolve(owner, field, namespace, backend), tlsSecrets::checkNamed, warnings);
        Map<HostPattern, Map<Map.Entry<PathMatch, RequestMatch>, Claim>> conditional = new HashMap<>();
        addGatewayRoutes(gateway.routes(), hosts, conditional, warnings);
        MarathonClusters marathon = new MarathonClusters();
        LabelTranslator.Result labels = new LabelTranslator(settings.groups(), settings.strictMode(), backends, marathon, warnings).translate(view);
        LabelMaps labelMaps = LabelTranslator.finish(addLabelRoutes(labels.routes(), hosts, warnings), tlsSecrets::checkNamed, warnings);
        tcp = tcpListeners(labels.tcp(), tcp, warnings);

        List<VirtualHost> virtualHosts = new ArrayList<>();
        hosts.forEach((host, claims) -> {
            boolean tls = tlsSecrets.declares(host);
            List<Route> hostRoutes = new ArrayList<>(claims.values().stream()
                    .map(claim -> claim.label() ? claim.route() : absolute(withTls(claim, redirects.get(claim.owner()).redirects(tls),
                            tls ? hsts : null), !global.relativeRedirects()))
                    .toList());
            conditional.getOrDefault(host, Map.of()).values().forEach(claim -> hostRoutes.add(claim.route()));
            virtualHosts.add(new VirtualHost(host, hostRoutes));
        });
        virtualHosts.addAll(WwwRedirects.virtualHosts(ours, served, hosts.keySet(), warnings));
        List<Cluster> clusters = new ArrayList<>(backends.clusters());
        clusters.addAll(marathon.clusters());
        RoutingSnapshot snapshot = RoutingSnapshot.of(0, virtualHosts, clusters, fallback == null ? null : fallback.route())
                .withTls(tlsSecrets.bindings(), tlsSecrets.defaultCertificate(settings.defaultCertificate(), warnings))
                .withAcmeChallenges(tlsSecrets.entries(settings.acmeChallengeSecret()))
                .withTcpListeners(tcp)
                .withTuning(global.tuning().over(settings.tuning()));
        return new Translation(snapshot, warnings, served, acme.requests(), labelMaps, gateway.statuses());
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
                        + "the tcp-services ConfigMap first, then Services oldest first, then Marathon apps by id)"));
                continue;
            }
            listeners.add(claim.listener());
        }
        return listeners;
    }

    /** The claim's route with the TLS behaviour of its host: redirect plain HTTP, HSTS over HTTPS. */
    private static Route withTls(Claim claim, boolean redirect, String hsts) {
        Route route = claim.route();
        if ((!redirect && hsts == null) || !(route.action() instanceof RouteAction.Forward forward)) {
            return route;
        }
        return new Route(route.name(), route.path(), forward.withPolicy(forward.policy().withTls(redirect, hsts)));
    }

    /**
     * The forward with the rule's path as the Path of an affinity cookie that names none, as ingress-nginx's location path;
     * a regular expression (or a path a cookie cannot carry) is no cookie path, so such a rule's cookie stays on {@code /}.
     */
    private static RouteAction located(RouteAction action, PathMatch match, String path) {
        if (!(action instanceof RouteAction.Forward forward) || match.type() == PathType.REGEX || path == null
                || !path.startsWith("/") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == ';')) {
            return action;
        }
        return forward.withPolicy(forward.policy().withCookiePath(path));
    }

    /** An Ingress's redirect to a path, answered absolute as nginx's {@code absolute_redirect} does unless told not to. */
    private static Route absolute(Route route, boolean absolute) {
        if (!(route.action() instanceof RouteAction.Redirect redirect) || redirect.location() == null
                || !redirect.location().startsWith("/") || redirect.absolute() == absolute) {
            return route;
        }
        return new Route(route.name(), route.path(), redirect.withAbsolute(absolute), route.priority());
    }

    private static void addRule(ObjectRef owner, String namespace, int index, IngressRule rule, IngressAnnotations annotations,
                                RegexHosts regexHosts, Map<HostPattern, Map<PathMatch, Claim>> hosts, BackendResolver backends,
                                List<Warning> warnings) {
        String field = "spec.rules[" + index + "]";
        String host = rule.getHost();
        HostPattern pattern = HostPattern.any();
        if (host != null && !host.isEmpty()) {
            String problem = HostNames.problem(host);
            if (problem != null) {
                warnings.add(new Warning(owner, Warning.INVALID_HOST, owner + ": " + field + ".host: host \"" + host + "\" " + problem));
                return;
            }
            pattern = HostPattern.of(host);
        }
        if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
            return;
        }
        addPaths(owner, namespace, field, pattern, regexHosts.reason(host), rule.getHttp().getPaths(), annotations, hosts, backends,
                warnings);
    }

    /** @param regex why the paths of the rule's host are regular expressions ({@link RegexHosts#reason}), or null */
    private static void addPaths(ObjectRef owner, String namespace, String field, HostPattern pattern, String regex,
                                 List<HTTPIngressPath> paths, IngressAnnotations annotations, Map<HostPattern, Map<PathMatch, Claim>> hosts,
                                 BackendResolver backends, List<Warning> warnings) {
        if (annotations.appRoot() != null) {
            hosts.computeIfAbsent(pattern, p -> new LinkedHashMap<>()).putIfAbsent(PathMatch.exact("/"), new Claim(owner,
                    new Route(owner.namespace() + "/" + owner.name() + " app-root", PathMatch.exact("/"),
                            new RouteAction.Redirect(302, annotations.appRoot()))));
        }
        for (int j = 0; j < paths.size(); j++) {
            String pathField = field + ".http.paths[" + j + "]";
            HTTPIngressPath path = paths.get(j);
            IngressPaths.Result match = IngressPaths.match(path, regex, annotations.paths());
            if (match.problem() != null) {
                warnings.add(new Warning(owner, Warning.INVALID_PATH, owner + ": " + pathField + ": " + match.problem()));
                continue;
            }
            ClusterName cluster = backends.resolve(owner, pathField + ".backend", namespace, path.getBackend(), annotations.upstream());
            if (cluster == null) {
                continue;
            }
            Map<PathMatch, Claim> routes = hosts.computeIfAbsent(pattern, p -> new LinkedHashMap<>());
            Claim existing = routes.get(match.match());
            if (existing != null) {
                String holder = existing.owner().equals(owner) ? "an earlier rule of the same Ingress" : existing.owner() + ", which is older";
                warnings.add(new Warning(owner, Warning.RULE_CONFLICT, owner + ": " + pathField + ": host \"" + pattern
                        + "\" path " + match.match() + " is already routed by " + holder
                        + " (expected each host, path and pathType in one rule only; the oldest wins)"));
                continue;
            }
            routes.put(match.match(), new Claim(owner, new Route(owner.namespace() + "/" + owner.name() + " " + match.match(),
                    match.match(), match.rewritten(located(annotations.forward(cluster), match.match(), path.getPath())))));
        }
    }
}
