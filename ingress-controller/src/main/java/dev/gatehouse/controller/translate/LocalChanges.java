package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.AnnotationContext;
import dev.gatehouse.controller.translate.annotations.ErrorPageAnnotations;
import dev.gatehouse.controller.translate.annotations.GlobalConfig;
import dev.gatehouse.controller.translate.annotations.IngressAnnotations;
import dev.gatehouse.controller.translate.annotations.SslPassthrough;
import dev.gatehouse.controller.translate.annotations.SslRedirect;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A translation after a few Ingresses changed, worked out from the last one for what they touch, so that one change at
 * ten thousand Ingresses costs about that change: the hosts the changed Ingresses claim paths on are claimed again from
 * every Ingress on them, oldest first, and the clusters they resolve are counted in or out, exactly as the whole
 * translation would decide them.
 *
 * <p>That holds while the translation is a matter of hosts and clusters alone, so this applies only then: every Ingress
 * of ours routes with rules only (no canary, default backend, TLS, alias, www redirect, regular-expression paths, client
 * certificates, error pages from the default backend, annotations that name Services or shape clusters), comes from an
 * API server (a uid and a resourceVersion, so a changed Ingress is a new object, as informers hand them over), nothing
 * but Ingresses changed in the view (every other object is the very one of the last view), and at most
 * {@value #MOST_CHANGES} Ingresses changed. Otherwise {@link #translate} answers null, and the translator translates the
 * whole view and offers the result to {@link #arm}, which takes it only when its own replay of every Ingress gives exactly
 * that result. A cluster whose first resolution (which reports what the Service and its endpoints lack, for that
 * Ingress) would pass to another Ingress than the one that keeps it also sends the translation back to the whole view.
 * Not thread-safe: the translator calls it one translation at a time.
 */
final class LocalChanges {

    static final int MOST_CHANGES = 64;

    /** One Ingress of the view: of ours with its part, or not ours ({@code part} null). */
    private record Owner(Ingress ingress, ObjectRef ref, Instant created, IngressPart part) {
    }

    private static final Comparator<Owner> BY_AGE = Comparator.comparing(Owner::created)
            .thenComparing(owner -> owner.ref().namespace())
            .thenComparing(owner -> owner.ref().name());

    /** The Ingresses with rules on a host, oldest first; its virtual host (null: no claim) and what claiming reported. */
    private record HostState(List<Owner> owners, VirtualHost host, List<Warning> warnings) {
    }

    /** A cluster: the resolutions of Ingresses that name it, the one that made it and what making it reported. */
    private record ClusterUse(Cluster cluster, Owner creator, IngressPart.BackendCall firstCall, int calls, List<Warning> made) {

        ClusterUse counting(int more) {
            return new ClusterUse(cluster, creator, firstCall, calls + more, made);
        }
    }

    /**
     * What no Ingress changes: the view's other objects and the settings read from them, and the last translation, whose
     * TLS, TCP, label and Gateway API results stand as they are.
     */
    private record Context(ClusterView view, IngressClassFilter filter, BackendResolver resolver, List<Warning> sink,
                           PartReader reader, boolean absolute, Translation full, List<Warning> global) {
    }

    private final TranslatorSettings settings;
    private Context context;
    // the last view translated whole: arming is worth its cost once the other objects stay the same between two of them
    private ClusterView lastWhole;
    private IdentityHashMap<Ingress, Owner> byObject = new IdentityHashMap<>();
    private Map<ObjectRef, Owner> ours = new TreeMap<>();
    private TreeMap<HostPattern, HostState> hosts = new TreeMap<>();
    private TreeMap<ClusterName, ClusterUse> clusters = new TreeMap<>();
    private int translated;

    LocalChanges(TranslatorSettings settings) {
        this.settings = settings;
    }

    /** How many translations were worked out here rather than from the whole view. */
    int translated() {
        return translated;
    }

    /** The translation of {@code view} from the last one, or null when it needs the whole view translated. */
    Translation translate(ClusterView view) {
        Context armed = context;
        if (armed == null || !sameOtherObjects(armed.view(), view)) {
            context = null;
            return null;
        }
        List<Ingress> fresh = new ArrayList<>();
        int kept = 0;
        for (Ingress ingress : view.ingresses()) {
            if (byObject.containsKey(ingress)) {
                kept++;
            } else if (fresh.add(ingress) && fresh.size() > MOST_CHANGES) {
                return null;
            }
        }
        if (fresh.isEmpty() && kept == byObject.size()) {
            return armed.full();
        }
        // from here on the state changes: any way out but the end disarms
        context = null;
        Map<ObjectRef, Owner> freshByRef = new HashMap<>();
        List<Owner> leaving = new ArrayList<>();
        List<Owner> entering = new ArrayList<>();
        for (Ingress ingress : fresh) {
            Owner owner = owner(armed, ingress);
            if (owner == null || freshByRef.put(owner.ref(), owner) != null) {
                return null;
            }
        }
        if (kept + freshByRef.size() != view.ingresses().size()) {
            return null;
        }
        // gone: the objects of the last view that are not in this one (changed or deleted)
        if (kept != byObject.size()) {
            IdentityHashMap<Ingress, Boolean> present = new IdentityHashMap<>(view.ingresses().size());
            view.ingresses().forEach(ingress -> present.put(ingress, Boolean.TRUE));
            List<Owner> gone = byObject.values().stream().filter(owner -> !present.containsKey(owner.ingress())).toList();
            if (gone.size() > MOST_CHANGES) {
                return null;
            }
            for (Owner owner : gone) {
                byObject.remove(owner.ingress());
                if (owner.part() != null) {
                    ours.remove(owner.ref());
                    leaving.add(owner);
                }
            }
        }
        for (Owner owner : freshByRef.values()) {
            byObject.put(owner.ingress(), owner);
            if (owner.part() != null) {
                if (ours.put(owner.ref(), owner) != null) {
                    return null;
                }
                entering.add(owner);
            }
        }
        entering.sort(BY_AGE);
        if (!countClusters(armed, leaving, entering)) {
            return null;
        }
        Set<HostPattern> touched = new LinkedHashSet<>();
        leaving.forEach(owner -> owner.part().steps().forEach(step -> touched.add(step.host())));
        entering.forEach(owner -> owner.part().steps().forEach(step -> touched.add(step.host())));
        Set<Owner> left = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        left.addAll(leaving);
        for (HostPattern host : touched) {
            List<Owner> owners = new ArrayList<>(hosts.containsKey(host) ? hosts.get(host).owners() : List.of());
            owners.removeIf(left::contains);
            entering.stream().filter(owner -> owner.part().steps().stream().anyMatch(step -> step.host().equals(host)))
                    .forEach(owners::add);
            owners.sort(BY_AGE);
            if (owners.isEmpty()) {
                hosts.remove(host);
            } else {
                hosts.put(host, claim(armed, host, owners));
            }
        }
        Translation result = result(armed);
        context = new Context(view, armed.filter(), armed.resolver(), armed.sink(), armed.reader(), armed.absolute(), result,
                armed.global());
        translated++;
        return result;
    }

    /**
     * Takes the state of a translation of the whole view when this can go on from it: when {@code plain} (every Ingress of
     * ours as the class says) and its own replay of every Ingress gives the same snapshot, Ingresses and warnings. That
     * replay costs about as much as the translation, so it is tried only when the objects other than Ingresses are those
     * of the last whole translation and few Ingresses changed since: while Services or endpoints keep changing, or during
     * a burst of Ingress changes, every translation is whole anyway.
     *
     * @param ours  our Ingresses, oldest first, with their parts
     * @param plain whether each of them keeps to its hosts and clusters, and no label, Gateway API or TCP route exists
     */
    void arm(ClusterView view, List<IngressParts.Known> ours, Map<ObjectRef, IngressPart> parts, boolean plain,
             GlobalConfig global, Translation full) {
        context = null;
        boolean settled = lastWhole != null && sameOtherObjects(lastWhole, view) && !burst(lastWhole, view);
        lastWhole = view;
        RoutingSnapshot snapshot = full.snapshot();
        if (!settled || !plain || settings.defaultCertificate() != null || !snapshot.tls().isEmpty() || !snapshot.tcpListeners().isEmpty()
                || !snapshot.udpListeners().isEmpty()
                || !snapshot.fallback().equals(RoutingSnapshot.empty().fallback()) || !full.acme().isEmpty()) {
            return;
        }
        List<Warning> sink = new ArrayList<>();
        BackendResolver resolver = new BackendResolver(view, sink);
        resolver.defaultLoadBalancing(global.loadBalance());
        PartReader reader = new PartReader(new AnnotationContext(view, resolver, global, new ArrayList<>()), resolver,
                RegexHosts.of(List.of()), new SslRedirect(global.sslRedirect(), global.forceSslRedirect()));
        Context armed = new Context(view, new IngressClassFilter(settings, view.ingressClasses()), resolver, sink, reader,
                !global.relativeRedirects(), full, List.of());
        byObject = new IdentityHashMap<>();
        this.ours = new TreeMap<>();
        hosts = new TreeMap<>();
        clusters = new TreeMap<>();
        List<Owner> entering = new ArrayList<>();
        for (IngressParts.Known known : ours) {
            Owner owner = new Owner(known.ingress(), known.owner(), known.created(), parts.get(known.owner()));
            if (!versioned(known.ingress())) {
                return;
            }
            byObject.put(known.ingress(), owner);
            this.ours.put(owner.ref(), owner);
            entering.add(owner);
        }
        for (Ingress ingress : view.ingresses()) {
            if (!byObject.containsKey(ingress)) {
                byObject.put(ingress, new Owner(ingress, ObjectRef.of(ingress), Metadata.created(ingress), null));
            }
        }
        if (byObject.size() != view.ingresses().size() || !countClusters(armed, List.of(), entering)) {
            return;
        }
        Map<HostPattern, List<Owner>> owners = new HashMap<>();
        entering.forEach(owner -> owner.part().steps().forEach(step -> {
            List<Owner> on = owners.computeIfAbsent(step.host(), host -> new ArrayList<>());
            if (on.isEmpty() || on.get(on.size() - 1) != owner) {
                on.add(owner);
            }
        }));
        owners.forEach((host, on) -> hosts.put(host, claim(armed, host, on)));
        Translation own = result(armed);
        // what the whole translation reported beyond the Ingresses' rules: the same for as long as the other objects are
        Map<Warning, Integer> beyond = new HashMap<>();
        full.warnings().forEach(warning -> beyond.merge(warning, 1, Integer::sum));
        for (Warning warning : own.warnings()) {
            if (beyond.merge(warning, -1, Integer::sum) < 0) {
                return;
            }
        }
        List<Warning> others = new ArrayList<>();
        beyond.forEach((warning, count) -> {
            for (int i = 0; i < count; i++) {
                others.add(warning);
            }
        });
        if (own.snapshot().equals(snapshot) && own.ingresses().equals(full.ingresses())) {
            context = new Context(view, armed.filter(), resolver, sink, reader, armed.absolute(), full, List.copyOf(others));
        }
    }

    /**
     * Whether the part keeps to its hosts and clusters: it routes by rules alone, without anything the whole translation
     * decides across Ingresses or hosts.
     */
    static boolean plain(Ingress ingress, IngressPart part) {
        if (part == null || !part.routes() || part.defaultBackend() != null || !part.annotationCalls().isEmpty()) {
            return false;
        }
        IngressAnnotations annotations = part.annotations();
        return annotations.aliases().isEmpty() && annotations.clientAuth() == null && !annotations.paths().fromToWww()
                && !annotations.paths().regexOnHosts() && !annotations.upstream().shapesClusters() && !SslPassthrough.present(ingress)
                && !ErrorPageAnnotations.needsFallback(annotations.filters().errorPages())
                && (ingress.getSpec() == null || ingress.getSpec().getTls() == null || ingress.getSpec().getTls().isEmpty())
                && part.regexMarks().stream().allMatch(mark -> mark.marker() == null);
    }

    private static boolean versioned(Ingress ingress) {
        String uid = ingress.getMetadata().getUid();
        String version = ingress.getMetadata().getResourceVersion();
        return uid != null && !uid.isEmpty() && version != null && !version.isEmpty();
    }

    /** An Ingress new to this view, its part read when it is ours; null when it is ours but not plain or not versioned. */
    private static Owner owner(Context armed, Ingress ingress) {
        ObjectRef ref = ObjectRef.of(ingress);
        if (!armed.filter().isOurs(ingress)) {
            return new Owner(ingress, ref, Metadata.created(ingress), null);
        }
        if (!versioned(ingress)) {
            return null;
        }
        IngressPart part = armed.reader().read(ingress, ref, ObjectStamps.of(ingress));
        return plain(ingress, part) ? new Owner(ingress, ref, Metadata.created(ingress), part) : null;
    }

    /**
     * Counts the resolutions of the Ingresses that left and came in, making the clusters first named and dropping those no
     * longer named. False when a cluster's first resolution would pass to an Ingress other than the one that made it.
     */
    private boolean countClusters(Context armed, List<Owner> leaving, List<Owner> entering) {
        Map<ObjectRef, Owner> comingBack = new HashMap<>();
        entering.forEach(owner -> comingBack.put(owner.ref(), owner));
        for (Owner owner : leaving) {
            for (IngressPart.BackendCall call : calls(owner)) {
                ClusterName name = name(armed, call);
                ClusterUse use = name == null ? null : clusters.get(name);
                if (use != null) {
                    clusters.put(name, use.counting(-1));
                } else if (name != null) {
                    return false;
                }
            }
        }
        for (Owner owner : leaving) {
            for (IngressPart.BackendCall call : calls(owner)) {
                ClusterName name = name(armed, call);
                ClusterUse use = name == null ? null : clusters.get(name);
                if (use == null || use.creator() != owner) {
                    continue;
                }
                Owner back = comingBack.get(owner.ref());
                if (back != null && BY_AGE.compare(back, owner) == 0 && call.equals(firstCall(armed, back, name))) {
                    // the same Ingress, as old, makes it with the same resolution again: what making it reported holds
                    clusters.put(name, new ClusterUse(use.cluster(), back, use.firstCall(), use.calls(), use.made()));
                } else if (use.calls() > 0) {
                    return false;
                } else {
                    clusters.remove(name);
                    armed.resolver().forget(name);
                }
            }
        }
        for (Owner owner : entering) {
            for (IngressPart.BackendCall call : calls(owner)) {
                ClusterName name = name(armed, call);
                if (name == null) {
                    continue;
                }
                ClusterUse use = clusters.get(name);
                if (use == null) {
                    clusters.put(name, make(armed, owner, call, name));
                } else if (use.creator() != owner && BY_AGE.compare(owner, use.creator()) < 0) {
                    return false;
                } else {
                    clusters.put(name, use.counting(1));
                }
            }
        }
        return true;
    }

    /** A cluster made by {@code call} of {@code owner}, which reports for the cluster what it reports beyond the call. */
    private static ClusterUse make(Context armed, Owner owner, IngressPart.BackendCall call, ClusterName name) {
        armed.sink().clear();
        call.replay(owner.ref(), armed.resolver());
        List<Warning> made = new ArrayList<>(armed.sink());
        armed.sink().clear();
        call.replay(owner.ref(), armed.resolver());
        armed.sink().forEach(made::remove);
        armed.sink().clear();
        return new ClusterUse(armed.resolver().cluster(name), owner, call, 1, List.copyOf(made));
    }

    private static IngressPart.BackendCall firstCall(Context armed, Owner owner, ClusterName name) {
        return calls(owner).stream().filter(call -> name.equals(name(armed, call))).findFirst().orElse(null);
    }

    /** The resolutions a plain part makes: one per path. */
    private static List<IngressPart.BackendCall> calls(Owner owner) {
        List<IngressPart.BackendCall> calls = new ArrayList<>();
        for (IngressPart.Step step : owner.part().steps()) {
            if (step instanceof IngressPart.PathRoute path) {
                calls.add(path.call());
            }
        }
        return calls;
    }

    private static ClusterName name(Context armed, IngressPart.BackendCall call) {
        return armed.resolver().nameOf(call.namespace(), call.backend());
    }

    /** The claims on {@code host}, its Ingresses' rules replayed oldest first as the whole translation does. */
    private static HostState claim(Context armed, HostPattern host, List<Owner> owners) {
        Map<HostPattern, Map<PathMatch, Claim>> claimed = new HashMap<>(2);
        List<Warning> warnings = new ArrayList<>();
        for (Owner owner : owners) {
            armed.sink().clear();
            for (IngressPart.Step step : owner.part().steps()) {
                if (step.host().equals(host)) {
                    step.claim(owner.ref(), claimed, armed.resolver(), armed.sink());
                }
            }
            warnings.addAll(armed.sink());
        }
        armed.sink().clear();
        Map<PathMatch, Claim> claims = claimed.get(host);
        if (claims == null) {
            return new HostState(List.copyOf(owners), null, List.copyOf(warnings));
        }
        Claim[] inOrder = claims.values().toArray(Claim[]::new);
        Map<ObjectRef, SslRedirect> redirects = new HashMap<>();
        owners.forEach(owner -> redirects.put(owner.ref(), owner.part().redirect()));
        boolean[] redirected = new boolean[inOrder.length];
        for (int i = 0; i < inOrder.length; i++) {
            redirected[i] = redirects.get(inOrder[i].owner()).redirects(false);
        }
        List<Route> routes = VirtualHosts.routes(new VirtualHosts.Inputs(inOrder, redirected, null, armed.absolute(),
                new Route[0]));
        return new HostState(List.copyOf(owners), new VirtualHost(host, routes), List.copyOf(warnings));
    }

    private Translation result(Context armed) {
        List<VirtualHost> virtualHosts = new ArrayList<>(hosts.size());
        List<Warning> warnings = new ArrayList<>(armed.global());
        hosts.values().forEach(state -> {
            if (state.host() != null) {
                virtualHosts.add(state.host());
            }
            warnings.addAll(state.warnings());
        });
        List<Cluster> resolved = new ArrayList<>(clusters.size());
        clusters.values().forEach(use -> {
            resolved.add(use.cluster());
            warnings.addAll(use.made());
        });
        List<ObjectRef> served = new ArrayList<>(ours.keySet());
        ours.values().forEach(owner -> warnings.addAll(owner.part().warnings()));
        // the rest is as the last whole translation had it: nothing it comes from changed
        RoutingSnapshot before = armed.full().snapshot();
        RoutingSnapshot snapshot = RoutingSnapshot.of(0, virtualHosts, resolved, null, before)
                .withTls(before.tls(), before.defaultCertificate()).withAcmeChallenges(before.acmeChallenges())
                .withTcpListeners(before.tcpListeners()).withTlsPassthrough(before.tlsPassthrough());
        snapshot = before.tuning().isPresent() ? snapshot.withTuning(before.tuning().get()) : snapshot;
        return new Translation(snapshot, warnings, served, armed.full().acme(), armed.full().labelMaps(), armed.full().gateway());
    }

    /** Whether more Ingresses than a local translation takes are new since {@code before}. */
    private static boolean burst(ClusterView before, ClusterView view) {
        IdentityHashMap<Ingress, Boolean> known = new IdentityHashMap<>(before.ingresses().size());
        before.ingresses().forEach(ingress -> known.put(ingress, Boolean.TRUE));
        return view.ingresses().stream().filter(ingress -> !known.containsKey(ingress)).limit(MOST_CHANGES + 1).count() > MOST_CHANGES;
    }

    /** Whether every object of the view but its Ingresses is the very one of {@code before}, in the same order. */
    private static boolean sameOtherObjects(ClusterView before, ClusterView view) {
        return same(before.ingressClasses(), view.ingressClasses()) && same(before.services(), view.services())
                && same(before.endpointSlices(), view.endpointSlices()) && same(before.endpoints(), view.endpoints())
                && same(before.secrets(), view.secrets()) && same(before.configMaps(), view.configMaps())
                && Objects.equals(before.marathonApps(), view.marathonApps()) && Objects.equals(before.gateway(), view.gateway());
    }

    private static boolean same(List<?> before, List<?> now) {
        if (before.size() != now.size()) {
            return false;
        }
        for (int i = 0; i < before.size(); i++) {
            if (before.get(i) != now.get(i)) {
                return false;
            }
        }
        return true;
    }
}
