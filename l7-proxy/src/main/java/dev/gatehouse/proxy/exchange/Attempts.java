package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.balance.SelectionRequest;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.routing.NextUpstream;

/**
 * Upstream selection and retry for one exchange: which endpoint each attempt goes to, which endpoints were tried,
 * whether a failure allows another attempt, and what the client is told when none is left.
 *
 * <p>An attempt holds its endpoint's place among the requests in flight (least-request balancing counts them) from
 * {@link #next} until {@link #ended}, exactly once however the attempt ends.
 */
final class Attempts {

    private final ClusterRuntime cluster;
    private final ProxyMetrics metrics;
    private final int max;
    private final NextUpstream rules;
    // the members of earlier attempts; allocated only when there is a second attempt
    private Member[] tried;
    private Member member;
    private int count;
    // attempts before this one do not count as tried: every endpoint was, and the route may go back to one
    private int roundStart;
    private boolean inFlight;
    private int failureStatus = 502;
    private String failure = "could not connect to the upstream";

    Attempts(ClusterRuntime cluster, ProxyMetrics metrics, int max, NextUpstream rules) {
        this.cluster = cluster;
        this.metrics = metrics;
        this.max = max;
        this.rules = rules;
    }

    /** Picks the endpoint of the next attempt and starts it; null when no endpoint is ready. */
    Member next(SelectionRequest request, String[] affinityCookie) {
        if (count > roundStart && rules.sameEndpoint() && !cluster.availableUntried(request)) {
            roundStart = count;
        }
        Member picked = cluster.select(request, affinityCookie);
        if (picked == null) {
            return null;
        }
        if (count > 0 && tried == null) {
            tried = new Member[Math.max(2, max + 1)];
            tried[0] = member;
        }
        if (tried != null) {
            tried[Math.min(count, tried.length - 1)] = picked;
        }
        member = picked;
        count++;
        if (cluster.tracksInFlight()) {
            picked.health().started();
            inFlight = true;
        }
        return picked;
    }

    boolean tried(Member candidate) {
        if (count == roundStart) {
            return false;
        }
        if (tried == null) {
            return member == candidate;
        }
        for (int i = roundStart; i < count && i < tried.length; i++) {
            if (tried[i] == candidate) {
                return true;
            }
        }
        return false;
    }

    /** The endpoint of the current (or last) attempt; null before the first. */
    Member member() {
        return member;
    }

    /** Whether an attempt was made. */
    boolean started() {
        return count > 0;
    }

    /** The attempt is over: its endpoint has one request fewer in flight. */
    void ended() {
        if (inFlight) {
            member.health().ended();
            inFlight = false;
        }
    }

    /**
     * The attempt found its pooled connection already closed by the upstream, which says nothing about the upstream:
     * it does not count.
     */
    void undo() {
        ended();
        count--;
        if (tried != null) {
            tried[Math.min(count, tried.length - 1)] = null;
        } else {
            member = null;
        }
    }

    /** The attempt failed for {@code reason} (connect, reset, timeout, protocol): counted, and may eject the endpoint. */
    void failed(String reason) {
        metrics.upstreamError(cluster.name(), reason);
        cluster.failed(member);
    }

    /** The endpoint answered {@code status}: a 5xx counts against it, anything else for it. */
    void answered(int status) {
        if (status >= 500) {
            cluster.failed(member);
        } else {
            cluster.succeeded(member);
        }
    }

    /** Whether another attempt is within the limit and allowed for this kind of failure by the route's rules. */
    boolean mayRetry(boolean replayable, boolean allowed) {
        return replayable && allowed && count < max;
    }

    /**
     * Whether the request may go to another endpoint: replayable, within its attempts, and an untried one is available
     * (or the route may go back to one tried already).
     * Selection would still pick an ejected or unhealthy one, in panic; but, as nginx returns the last answer when no
     * server is left, an answer in hand is not dropped for an endpoint that is probably down.
     */
    boolean mayTryAnother(boolean replayable, SelectionRequest request) {
        return replayable && count < max && (rules.sameEndpoint() || cluster.availableUntried(request));
    }

    /** The route's rules for the next attempt (which failures and statuses allow one). */
    NextUpstream rules() {
        return rules;
    }

    /** What the client is told if no further attempt succeeds. */
    void failure(int status, String detail) {
        failureStatus = status;
        failure = detail;
    }

    int failureStatus() {
        return failureStatus;
    }

    String failureDetail() {
        return failure;
    }
}
