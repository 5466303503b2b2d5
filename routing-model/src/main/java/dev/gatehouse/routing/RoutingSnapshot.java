package dev.gatehouse.routing;

import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole data-plane configuration at one version: virtual hosts with their ordered routes, the
 * clusters they forward to, the fallback for requests no route takes, and the proxy settings that may change
 * while the proxy runs ({@link ProxyTuning}). It is the one channel from the controller to the proxy.
 *
 * <p>Built completely (hosts sorted, routes ordered, lookup compiled, every forward checked against the
 * clusters) before anyone sees it, then published with one reference write. The translator produces
 * snapshots at version 0; the publisher stamps the version when the content differs from what is live.
 */
public final class RoutingSnapshot {

    private static final Route NOT_FOUND = new Route("default-backend", PathMatch.prefix("/"),
            new RouteAction.DirectResponse(404, "404 Not Found: no Ingress rule matches this host and path\n"));

    private final long version;
    private final List<VirtualHost> virtualHosts;
    private final List<Cluster> clusters;
    private final Route fallback;
    private final Map<ClusterName, Cluster> clustersByName;
    private final Router router;
    private final List<TlsBinding> tls;
    private final Map<String, TlsBinding> tlsExact;
    private final Map<String, TlsBinding> tlsWildcard;
    private final TlsCertificate defaultCertificate;
    private final Map<String, String> acmeChallenges;
    private final List<TcpListener> tcpListeners;
    private final PassthroughHosts passthrough;
    private final ProxyTuning tuning;
    private final List<UdpListener> udpListeners;

    private RoutingSnapshot(long version, List<VirtualHost> virtualHosts, List<Cluster> clusters, Route fallback,
                            Map<ClusterName, Cluster> clustersByName, Router router, List<TlsBinding> tls,
                            Map<String, TlsBinding> tlsExact, Map<String, TlsBinding> tlsWildcard,
                            TlsCertificate defaultCertificate, Map<String, String> acmeChallenges, List<TcpListener> tcpListeners,
                            PassthroughHosts passthrough, ProxyTuning tuning, List<UdpListener> udpListeners) {
        this.passthrough = passthrough;
        this.version = version;
        this.udpListeners = udpListeners;
        this.tuning = tuning;
        this.tcpListeners = tcpListeners;
        this.acmeChallenges = acmeChallenges;
        this.defaultCertificate = defaultCertificate;
        this.tls = tls;
        this.tlsExact = tlsExact;
        this.tlsWildcard = tlsWildcard;
        this.virtualHosts = virtualHosts;
        this.clusters = clusters;
        this.fallback = fallback;
        this.clustersByName = clustersByName;
        this.router = router;
    }

    /**
     * Builds and checks a snapshot.
     *
     * @param version      0 for an unpublished snapshot
     * @param virtualHosts at most one per host pattern
     * @param clusters     at most one per name; every forward of every route must name one of them
     * @param fallback     the route for unmatched requests, or null for the built-in 404
     * @throws IllegalArgumentException when a host or cluster repeats or a route forwards to an unknown cluster
     */
    public static RoutingSnapshot of(long version, List<VirtualHost> virtualHosts, List<Cluster> clusters, Route fallback) {
        return of(version, virtualHosts, clusters, fallback, null);
    }

    /**
     * As {@link #of(long, List, List, Route)}, without checking again the routes of a virtual host that is the very object
     * of one of {@code previous}'s when every cluster of {@code previous} is still here: they were checked against those
     * then. A producer that hands over unchanged hosts as they were pays for the checks of the others alone.
     *
     * @param previous a snapshot built before, or null
     */
    public static RoutingSnapshot of(long version, List<VirtualHost> virtualHosts, List<Cluster> clusters, Route fallback,
                                     RoutingSnapshot previous) {
        List<VirtualHost> hosts = virtualHosts.stream().sorted((a, b) -> a.host().compareTo(b.host())).toList();
        List<Cluster> sortedClusters = clusters.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
        Route effectiveFallback = fallback == null ? NOT_FOUND : fallback;

        Set<HostPattern> seenHosts = new HashSet<>();
        for (VirtualHost host : hosts) {
            if (!seenHosts.add(host.host())) {
                throw new IllegalArgumentException("virtual host " + host.host() + " appears twice (expected one per host pattern)");
            }
        }
        Map<ClusterName, Cluster> byName = new HashMap<>();
        for (Cluster cluster : sortedClusters) {
            if (byName.put(cluster.name(), cluster) != null) {
                throw new IllegalArgumentException("cluster " + cluster.name() + " appears twice (expected one per name)");
            }
        }
        Map<VirtualHost, Boolean> checked = new IdentityHashMap<>();
        if (previous != null && previous.clusters.stream().allMatch(cluster -> byName.containsKey(cluster.name()))) {
            previous.virtualHosts.forEach(host -> checked.put(host, Boolean.TRUE));
        }
        for (VirtualHost host : hosts) {
            if (checked.containsKey(host)) {
                continue;
            }
            for (Route route : host.routes()) {
                requireCluster(byName, route, host.host());
            }
        }
        requireCluster(byName, effectiveFallback, "fallback");
        return new RoutingSnapshot(version, hosts, sortedClusters, effectiveFallback, Map.copyOf(byName),
                new Router(hosts, effectiveFallback), List.of(), Map.of(), Map.of(), null, Map.of(), List.of(), PassthroughHosts.NONE, null, List.of());
    }

    /** Version 0 with no hosts: every request gets the built-in 404. */
    public static RoutingSnapshot empty() {
        return of(0, List.of(), List.of(), null);
    }

    private static void requireCluster(Map<ClusterName, Cluster> clusters, Route route, Object where) {
        if (route.action() instanceof RouteAction.Forward forward && !clusters.containsKey(forward.cluster())) {
            throw new IllegalArgumentException("route " + route.name() + " on " + where + " forwards to cluster "
                    + forward.cluster() + ", which is not in the snapshot");
        }
        if (route.action() instanceof RouteAction.Forward forward && forward.canary() != null
                && !clusters.containsKey(forward.canary().cluster())) {
            throw new IllegalArgumentException("route " + route.name() + " on " + where + " has a canary cluster "
                    + forward.canary().cluster() + ", which is not in the snapshot");
        }
    }

    /** The same content under another version; the compiled lookup is shared. */
    public RoutingSnapshot withVersion(long newVersion) {
        return new RoutingSnapshot(newVersion, virtualHosts, clusters, fallback, clustersByName, router, tls, tlsExact, tlsWildcard,
                defaultCertificate, acmeChallenges, tcpListeners, passthrough, tuning, udpListeners);
    }

    /**
     * The same routes with these TLS bindings.
     *
     * @throws IllegalArgumentException when a host is bound twice
     */
    public RoutingSnapshot withTls(List<TlsBinding> bindings) {
        return withTls(bindings, null);
    }

    /**
     * The same routes with these TLS bindings, and the certificate for server names without one (null: the
     * listener's own default).
     *
     * @throws IllegalArgumentException when a host is bound twice
     */
    public RoutingSnapshot withTls(List<TlsBinding> bindings, TlsCertificate fallbackCertificate) {
        List<TlsBinding> sorted = bindings.stream().sorted().toList();
        Set<HostPattern> seen = new HashSet<>();
        for (TlsBinding binding : sorted) {
            if (!seen.add(binding.host())) {
                throw new IllegalArgumentException("TLS host " + binding.host() + " appears twice (expected one certificate per host)");
            }
        }
        Map<String, TlsBinding> exact = new HashMap<>();
        Map<String, TlsBinding> wildcard = new HashMap<>();
        for (TlsBinding binding : sorted) {
            (binding.host().kind() == HostPattern.Kind.EXACT ? exact : wildcard)
                    .put(binding.host().kind() == HostPattern.Kind.EXACT ? binding.host().value() : binding.host().wildcardDomain(),
                            binding);
        }
        return new RoutingSnapshot(version, virtualHosts, clusters, fallback, clustersByName, router, sorted,
                Map.copyOf(exact), Map.copyOf(wildcard), fallbackCertificate, acmeChallenges, tcpListeners, passthrough, tuning, udpListeners);
    }

    /**
     * The same routes with these answers to ACME HTTP-01 challenges: a request for
     * {@code /.well-known/acme-challenge/TOKEN} on plain HTTP, whatever its host, is answered with the key
     * authorization of TOKEN, so every replica answers a challenge that the ordering replica published.
     *
     * @param challenges key authorization by token
     */
    public RoutingSnapshot withAcmeChallenges(Map<String, String> challenges) {
        return new RoutingSnapshot(version, virtualHosts, clusters, fallback, clustersByName, router, tls, tlsExact, tlsWildcard,
                defaultCertificate, Map.copyOf(challenges), tcpListeners, passthrough, tuning, udpListeners);
    }

    /**
     * The same routes with these TCP listeners.
     *
     * @throws IllegalArgumentException when a port repeats or a listener forwards to a cluster not in the snapshot
     */
    public RoutingSnapshot withTcpListeners(List<TcpListener> listeners) {
        List<TcpListener> sorted = listeners.stream().sorted().toList();
        Set<Integer> ports = new HashSet<>();
        for (TcpListener listener : sorted) {
            if (!ports.add(listener.port())) {
                throw new IllegalArgumentException("TCP port " + listener.port() + " appears twice (expected one listener per port)");
            }
            if (!clustersByName.containsKey(listener.cluster())) {
                throw new IllegalArgumentException("TCP listener " + listener.name() + " forwards to cluster " + listener.cluster()
                        + ", which is not in the snapshot");
            }
        }
        return new RoutingSnapshot(version, virtualHosts, clusters, fallback, clustersByName, router, tls, tlsExact, tlsWildcard,
                defaultCertificate, acmeChallenges, sorted, passthrough, tuning, udpListeners);
    }

    /**
     * The same routes with these TLS passthrough rules.
     *
     * @throws IllegalArgumentException when a host repeats on a port or a rule forwards to a cluster not in the snapshot
     */
    public RoutingSnapshot withTlsPassthrough(List<TlsPassthrough> rules) {
        for (TlsPassthrough rule : rules) {
            for (TlsPassthrough.Backend backend : rule.backends()) {
                if (!clustersByName.containsKey(backend.cluster())) {
                    throw new IllegalArgumentException(rule.name() + " forwards to cluster " + backend.cluster()
                            + ", which is not in the snapshot");
                }
            }
        }
        return new RoutingSnapshot(version, virtualHosts, clusters, fallback, clustersByName, router, tls, tlsExact, tlsWildcard,
                defaultCertificate, acmeChallenges, tcpListeners, PassthroughHosts.of(rules), tuning, udpListeners);
    }

    /**
     * The same routes with these UDP listeners (their ports are UDP's own: a TCP listener may have the same number).
     *
     * @throws IllegalArgumentException when a port repeats or a listener forwards to a cluster not in the snapshot
     */
    public RoutingSnapshot withUdpListeners(List<UdpListener> listeners) {
        List<UdpListener> sorted = listeners.stream().sorted().toList();
        Set<Integer> ports = new HashSet<>();
        for (UdpListener listener : sorted) {
            if (!ports.add(listener.port())) {
                throw new IllegalArgumentException("UDP port " + listener.port() + " appears twice (expected one listener per port)");
            }
            if (!clustersByName.containsKey(listener.cluster())) {
                throw new IllegalArgumentException("UDP listener " + listener.name() + " forwards to cluster " + listener.cluster()
                        + ", which is not in the snapshot");
            }
        }
        return new RoutingSnapshot(version, virtualHosts, clusters, fallback, clustersByName, router, tls, tlsExact, tlsWildcard,
                defaultCertificate, acmeChallenges, tcpListeners, passthrough, tuning, sorted);
    }

    /** The UDP listeners, sorted by port. */
    public List<UdpListener> udpListeners() {
        return udpListeners;
    }

    /** The same routes with these proxy settings, which replace those of any earlier snapshot when this one is applied. */
    public RoutingSnapshot withTuning(ProxyTuning value) {
        return new RoutingSnapshot(version, virtualHosts, clusters, fallback, clustersByName, router, tls, tlsExact, tlsWildcard,
                defaultCertificate, acmeChallenges, tcpListeners, passthrough, Objects.requireNonNull(value, "tuning"), udpListeners);
    }

    /**
     * The proxy settings this snapshot sets, all concrete; empty when it sets none, and the proxy then runs with the
     * settings it started with (a snapshot the translator built always has them).
     */
    public Optional<ProxyTuning> tuning() {
        return Optional.ofNullable(tuning);
    }

    /** The TCP listeners, sorted by port. */
    public List<TcpListener> tcpListeners() {
        return tcpListeners;
    }

    /** The TLS passthrough rules, by port and host. */
    public List<TlsPassthrough> tlsPassthrough() {
        return passthrough.rules();
    }

    /** The ports with TLS passthrough rules. */
    public Set<Integer> tlsPassthroughPorts() {
        return passthrough.ports();
    }

    /**
     * The passthrough rule for a ClientHello's server name on {@code port}: the exact host's, else the longest wildcard's
     * that covers it, else null.
     *
     * @param serverName the SNI host name, lower case
     */
    public TlsPassthrough passthroughFor(int port, String serverName) {
        return passthrough.find(port, serverName);
    }

    /** The key authorization to answer an ACME HTTP-01 challenge for {@code token} with, or null. */
    public String acmeChallenge(String token) {
        return acmeChallenges.get(token);
    }

    /** Key authorizations by token, for every ACME HTTP-01 challenge being answered. */
    public Map<String, String> acmeChallenges() {
        return acmeChallenges;
    }

    /**
     * The certificate for a TLS server name: the exact host's, else the wildcard's that covers it, else
     * null (the listener's default).
     *
     * @param serverName the SNI host name, lower case
     */
    public TlsCertificate certificateFor(String serverName) {
        TlsBinding binding = bindingFor(serverName);
        return binding == null ? null : binding.certificate();
    }

    /**
     * The binding of a TLS server name (or of a request's host, lower case, without port): the exact host's, else the
     * wildcard's that covers it, else null.
     */
    public TlsBinding bindingFor(String serverName) {
        TlsBinding exact = tlsExact.get(serverName);
        if (exact != null || tlsWildcard.isEmpty()) {
            return exact;
        }
        int dot = serverName.indexOf('.');
        return dot < 0 ? null : tlsWildcard.get(serverName.substring(dot + 1));
    }

    /** Whether the two snapshots route every request the same way with the same proxy settings, whatever their versions. */
    public boolean sameRoutingAs(RoutingSnapshot other) {
        return other != null && virtualHosts.equals(other.virtualHosts) && clusters.equals(other.clusters)
                && fallback.equals(other.fallback) && tls.equals(other.tls)
                && Objects.equals(defaultCertificate, other.defaultCertificate) && acmeChallenges.equals(other.acmeChallenges)
                && tcpListeners.equals(other.tcpListeners) && passthrough.equals(other.passthrough) && Objects.equals(tuning, other.tuning)
                && udpListeners.equals(other.udpListeners);
    }

    /** The certificate for server names that have none, from {@code --default-certificate}; null for the listener's own. */
    public TlsCertificate defaultCertificate() {
        return defaultCertificate;
    }

    /** The hosts served over TLS, sorted by host. */
    public List<TlsBinding> tls() {
        return tls;
    }

    public long version() {
        return version;
    }

    /** Exact hosts by name, then wildcards, then the any-host rules. */
    public List<VirtualHost> virtualHosts() {
        return virtualHosts;
    }

    /** Sorted by name. */
    public List<Cluster> clusters() {
        return clusters;
    }

    /** The route for requests that match nothing: the default backend, or a built-in 404. */
    public Route fallback() {
        return fallback;
    }

    /** The cluster of that name, or null. */
    public Cluster cluster(ClusterName name) {
        return clustersByName.get(name);
    }

    public Router router() {
        return router;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoutingSnapshot other && version == other.version && sameRoutingAs(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, virtualHosts, clusters, fallback, tls);
    }

    @Override
    public String toString() {
        return "RoutingSnapshot v" + version + " (" + virtualHosts.size() + " virtual hosts, " + clusters.size() + " clusters, "
                + tcpListeners.size() + " TCP listeners, " + udpListeners.size() + " UDP listeners)";
    }
}
