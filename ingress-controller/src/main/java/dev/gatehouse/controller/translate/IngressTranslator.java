package dev.gatehouse.controller.translate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates our Ingresses into a routing snapshot, exactly per the Ingress specification.
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
        TlsSecrets tlsSecrets = new TlsSecrets(view, certificates, clock.instant());
        Map<HostPattern, Map<PathMatch, Claim>> hosts = new TreeMap<>();
        Claim fallback = null;

        Map<ObjectRef, SslRedirect> redirects = new HashMap<>();
        AcmeRequests acme = new AcmeRequests();
        List<Ingress> ours = Metadata.byAge(view.ingresses().stream().filter(filter::isOurs).toList());
        for (Ingress ingress : ours) {
            ObjectRef owner = ObjectRef.of(ingress);
            redirects.put(owner, SslRedirect.of(ingress, owner, warnings));
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
                    ClusterName cluster = backend(owner, "spec.defaultBackend", namespace, spec.getDefaultBackend(), backends, warnings);
                    if (cluster != null) {
                        fallback = new Claim(owner, new Route(owner.namespace() + "/" + owner.name() + " defaultBackend",
                                PathMatch.prefix("/"), new RouteAction.Forward(cluster)));
                    }
                }
            }
            List<IngressRule> rules = spec.getRules() == null ? List.of() : spec.getRules();
            for (int i = 0; i < rules.size(); i++) {
                addRule(owner, namespace, i, rules.get(i), hosts, backends, warnings);
            }
            if (spec.getTls() != null) {
                boolean acmeAsked = AcmeRequests.asks(ingress, filter.classOf(ingress), owner, warnings);
                if (acmeAsked) {
                    acme.add(owner, namespace, spec.getTls(), warnings);
                }
                tlsSecrets.check(owner, namespace, spec.getTls(), acmeAsked, warnings);
            }
        }

        List<VirtualHost> virtualHosts = new ArrayList<>();
        hosts.forEach((host, claims) -> {
            boolean tls = tlsSecrets.declares(host);
            virtualHosts.add(new VirtualHost(host, claims.values().stream()
                    .map(claim -> withTls(claim, redirects.get(claim.owner()).redirects(tls),
                            tls ? settings.strictTransportSecurity() : null))
                    .toList()));
        });
        RoutingSnapshot snapshot = RoutingSnapshot.of(0, virtualHosts, backends.clusters(),
                fallback == null ? null : fallback.route())
                .withTls(tlsSecrets.bindings(), tlsSecrets.defaultCertificate(settings.defaultCertificate(), warnings))
                .withAcmeChallenges(tlsSecrets.entries(settings.acmeChallengeSecret()));
        return new Translation(snapshot, warnings, ours.stream().map(ObjectRef::of).toList(), acme.requests());
    }

    /** The claim's route with the TLS behaviour of its host: redirect plain HTTP, HSTS over HTTPS. */
    private static Route withTls(Claim claim, boolean redirect, String hsts) {
        Route route = claim.route();
        if ((!redirect && hsts == null) || !(route.action() instanceof RouteAction.Forward forward)) {
            return route;
        }
        return new Route(route.name(), route.path(), new RouteAction.Forward(forward.cluster(), forward.policy().withTls(redirect, hsts)));
    }

    private static void addRule(ObjectRef owner, String namespace, int index, IngressRule rule,
                                Map<HostPattern, Map<PathMatch, Claim>> hosts, BackendResolver backends, List<Warning> warnings) {
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
        List<HTTPIngressPath> paths = rule.getHttp().getPaths();
        for (int j = 0; j < paths.size(); j++) {
            String pathField = field + ".http.paths[" + j + "]";
            HTTPIngressPath path = paths.get(j);
            IngressPaths.Result match = IngressPaths.match(path);
            if (match.problem() != null) {
                warnings.add(new Warning(owner, Warning.INVALID_PATH, owner + ": " + pathField + ": " + match.problem()));
                continue;
            }
            ClusterName cluster = backend(owner, pathField + ".backend", namespace, path.getBackend(), backends, warnings);
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
                    match.match(), new RouteAction.Forward(cluster))));
        }
    }

    private static ClusterName backend(ObjectRef owner, String field, String namespace, IngressBackend backend,
                                       BackendResolver backends, List<Warning> warnings) {
        if (backend == null || (backend.getService() == null && backend.getResource() == null)) {
            warnings.add(new Warning(owner, Warning.INVALID_BACKEND, owner + ": " + field
                    + " is missing (expected service.name and service.port)"));
            return null;
        }
        if (backend.getResource() != null) {
            warnings.add(new Warning(owner, Warning.UNSUPPORTED_BACKEND, owner + ": " + field + ".resource: resource backend "
                    + backend.getResource().getKind() + " \"" + backend.getResource().getName()
                    + "\" is not supported (expected a service backend)"));
            return null;
        }
        return backends.resolve(owner, field, namespace, backend.getService());
    }

    /** A route and the Ingress that holds it. */
    private record Claim(ObjectRef owner, Route route) {
    }
}
