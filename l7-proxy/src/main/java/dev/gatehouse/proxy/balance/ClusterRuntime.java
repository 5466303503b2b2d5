package dev.gatehouse.proxy.balance;

import dev.gatehouse.proxy.OutlierDetection;
import dev.gatehouse.proxy.http.Cookies;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.SessionAffinity;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import java.util.HashMap;
import java.util.Map;

/**
 * A cluster of the live snapshot with what the proxy needs to serve it: its members, an endpoint selector
 * for its load-balancing policy, the affinity cookie lookup, outlier ejection, and its metric handles.
 */
public final class ClusterRuntime {

    private final Cluster cluster;
    private final String name;
    private final Member[] members;
    private final EndpointSelector selector;
    private final Map<String, Member> byAffinityId;
    private final OutlierDetection outlier;
    private final DistributionDataPoint upstreamLatency;
    private final CounterDataPoint panics;
    private final CounterDataPoint ejections;

    public ClusterRuntime(Cluster cluster, Member[] members, OutlierDetection outlier, ProxyMetrics metrics) {
        this.cluster = cluster;
        this.name = cluster.name().toString();
        this.members = members;
        this.outlier = outlier;
        this.selector = selector(cluster.policy().loadBalancing(), members);
        Map<String, Member> affinity = new HashMap<>();
        if (cluster.policy().affinity() != null) {
            for (Member member : members) {
                affinity.put(member.affinityId(), member);
            }
        }
        this.byAffinityId = affinity;
        this.upstreamLatency = metrics.upstreamLatency.labelValues(name);
        this.panics = metrics.panics.labelValues(name);
        this.ejections = metrics.ejections.labelValues(name);
    }

    private static EndpointSelector selector(LoadBalancing policy, Member[] members) {
        if (policy instanceof LoadBalancing.LeastRequest leastRequest) {
            return new LeastRequest(members, leastRequest.choices());
        }
        if (policy instanceof LoadBalancing.ConsistentHash hash) {
            return new Maglev(members, hash.key());
        }
        return new WeightedRoundRobin(members);
    }

    /**
     * The member for one attempt of a request, honouring its affinity cookie when the member it names is
     * available; null when there is none left to try. {@code affinityCookie} receives the cookie value to
     * set on the response, if any.
     */
    public Member select(SelectionRequest request, String[] affinityCookie) {
        long now = System.nanoTime();
        SessionAffinity affinity = cluster.policy().affinity();
        String wanted = null;
        if (affinity != null) {
            wanted = Cookies.value(request.clientCookies(), affinity.cookieName());
            Member sticky = wanted == null ? null : byAffinityId.get(wanted);
            if (sticky != null && !request.tried(sticky) && sticky.health().available(now)) {
                affinityCookie[0] = null;
                return sticky;
            }
        }
        EndpointSelector.Choice choice = selector.select(request, now);
        if (choice == null) {
            return null;
        }
        if (choice.panic()) {
            panics.inc();
        }
        if (affinity != null) {
            boolean stale = wanted == null || !byAffinityId.containsKey(wanted);
            affinityCookie[0] = stale || affinity.changeOnFailure() ? choice.member().affinityId() : null;
        }
        return choice.member();
    }

    /**
     * Whether the request's affinity cookie names one of this cluster's members: the session belongs here, which decides
     * a canary before its header, cookie and weight, as ingress-nginx's affinitized balancers do.
     */
    public boolean holdsSession(HttpHeaders headers) {
        SessionAffinity affinity = cluster.policy().affinity();
        if (affinity == null) {
            return false;
        }
        String wanted = Cookies.value(headers.get(HttpHeaderNames.COOKIE), affinity.cookieName());
        return wanted != null && byAffinityId.containsKey(wanted);
    }

    /** Whether a member that {@code request} has not tried is available (neither ejected nor failing its check). */
    public boolean availableUntried(SelectionRequest request) {
        long now = System.nanoTime();
        for (Member member : members) {
            if (!request.tried(member) && member.health().available(now)) {
                return true;
            }
        }
        return false;
    }

    /** A response that was not a 5xx. */
    public void succeeded(Member member) {
        member.health().succeeded();
    }

    /** A 5xx response, or a connection that failed, broke or timed out: may eject the member. */
    public void failed(Member member) {
        if (member.health().failed() < outlier.consecutiveErrors()) {
            return;
        }
        long now = System.nanoTime();
        int ejected = 0;
        for (Member other : members) {
            if (other.health().ejected(now)) {
                ejected++;
            }
        }
        int allowed = Math.max(1, members.length * outlier.maxEjectionPercent() / 100);
        if (ejected < allowed && !member.health().ejected(now)) {
            member.health().eject(now, outlier.baseEjectionTime().toNanos(), outlier.maxEjectionTime().toNanos());
            ejections.inc();
        }
    }

    public Cluster cluster() {
        return cluster;
    }

    public ClusterPolicy policy() {
        return cluster.policy();
    }

    public String name() {
        return name;
    }

    public Member[] members() {
        return members;
    }

    /** How long {@code member} took to answer a whole request: the cluster's histogram and the member's window. */
    public void observeLatency(Member member, long nanos) {
        upstreamLatency.observe(nanos / 1e9);
        member.health().latency(nanos);
    }

    public boolean tracksInFlight() {
        return cluster.policy().loadBalancing() instanceof LoadBalancing.LeastRequest;
    }
}
