package dev.gatehouse.proxy.exchange;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.balance.SelectionRequest;
import dev.gatehouse.proxy.observe.PeerFailures;
import dev.gatehouse.proxy.upstream.UpstreamHandler;
import dev.gatehouse.routing.RequestPolicy;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.FutureListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The attempts of one exchange until one is answered: each picks an endpoint ({@link Attempts}), gets a pooled or new
 * connection to it ({@link UpstreamLeg}), and, when it fails before the upstream's answer has reached the client, is
 * followed by another or by the client's answer, as the route's retry rules allow.
 */
final class AttemptLoop implements FutureListener<Channel>, Expiring {

    private static final Logger log = LoggerFactory.getLogger(AttemptLoop.class);
    /** Upstream failures are the upstream's (or a client's, through it) doing, as often as it likes. */
    private static final LogLimiter FAILURES = LogLimiter.perMinute(log, Level.DEBUG);

    private final AttemptOwner owner;
    private final Attempts attempts;
    private final SelectionRequest selection;
    private final UpstreamLeg leg;
    private final RequestBody body;
    private final ClusterRuntime cluster;
    private final Downstream downstream;
    private final ExchangeDeadlines deadlines;
    private final String[] affinityCookie = new String[1];
    private final RetryBackoff backoff;

    /** @param policy the route's limits, with the proxy's defaults filled in: the deadlines' timeouts */
    AttemptLoop(AttemptOwner owner, Attempts attempts, SelectionRequest selection, UpstreamLeg leg, RequestBody body,
                ClusterRuntime cluster, Downstream downstream, RequestPolicy policy, RetryBackoff backoff) {
        this.owner = owner;
        this.attempts = attempts;
        this.selection = selection;
        this.leg = leg;
        this.body = body;
        this.cluster = cluster;
        this.downstream = downstream;
        this.deadlines = new ExchangeDeadlines(this, downstream.deadlines(), policy);
        this.backoff = backoff;
    }

    /** The deadlines of the attempt under way, which the request and the answer keep too. */
    ExchangeDeadlines deadlines() {
        return deadlines;
    }

    @Override
    public ExchangeState state() {
        return owner.state();
    }

    /** Whether the request is still going out to an upstream that has not started answering. */
    @Override
    public boolean sending() {
        ExchangeState state = owner.state();
        return (!body.complete() || body.sendingBuffered()) && state != ExchangeState.RESPONDING
                && state != ExchangeState.REPLACING;
    }

    /** The upstream refused request bytes for longer than the send timeout. */
    @Override
    public void sendTimedOut() {
        timedOut("the upstream did not take the request in time");
        owner.fail(504, "the upstream did not take the request in time", true);
    }

    /** The upstream stayed silent for longer than the read timeout. */
    @Override
    public void readTimedOut() {
        timedOut("the upstream did not answer in time");
        switch (owner.state()) {
            case REPLACING -> {
                // the answer being replaced is in, only its body stalls: no other attempt, whose head would reach the
                // client before the page's; the connection, mid-body, cannot be reused
                leg.release(false);
                owner.replaced();
            }
            case RESPONDING -> owner.abort();
            default -> answerTimedOut();
        }
    }

    /** The affinity cookie the endpoint selection asks the answer to set, or null. */
    String affinityCookie() {
        return affinityCookie[0];
    }

    /** Starts the next attempt, or answers the client when no endpoint is left. */
    void connect() {
        Member next = attempts.next(selection, affinityCookie);
        if (next == null) {
            owner.fail(attempts.started() ? attempts.failureStatus() : 503,
                    attempts.started() ? attempts.failureDetail() : "no ready endpoint for this route", false);
            return;
        }
        owner.connecting();
        deadlines.attemptStarted();
        UpstreamHandler pooled = leg.pooled(next.endpoint());
        if (pooled != null) {
            owner.attached(pooled);
            return;
        }
        deadlines.connecting();
        Future<Channel> acquired = leg.acquire(next.endpoint());
        if (!acquired.isDone()) {
            // a new connection: the client's body is held until there is somewhere to send it
            downstream.upstreamBlocked(true);
        }
        acquired.addListener(this);
    }

    /** A pooled or new upstream connection (or stream) is ready, or could not be opened. */
    @Override
    public void operationComplete(Future<Channel> acquired) {
        if (!leg.awaited(acquired) || owner.state() == ExchangeState.ENDED) {
            leg.releaseUnused(acquired);
            return;
        }
        if (!acquired.isSuccess()) {
            FAILURES.log("upstream connect", "connect to {} for cluster {} failed: {}", attempts.member(), cluster.name(),
                    Causes.describe(acquired.cause()));
            connectFailed(false);
            return;
        }
        owner.attached(UpstreamHandler.of(acquired.getNow()));
    }

    /** Connecting failed, or timed out: another attempt when the rules allow, else the client's answer. */
    @Override
    public void connectFailed(boolean timedOut) {
        if (timedOut) {
            leg.abandon(this);
        }
        attempts.failed(timedOut ? "timeout" : "connect");
        attempts.ended();
        attempts.failure(timedOut ? 504 : 502,
                timedOut ? "the upstream did not accept a connection in time" : "could not connect to the upstream");
        boolean allowed = timedOut ? attempts.rules().timeout() : attempts.rules().error();
        if (attempts.mayRetry(!body.sent(), allowed)) {
            retry();
        } else {
            exhausted();
        }
    }

    /**
     * The attempt's connection closed or sent what could not be read, with the exchange at {@code state}: an answer
     * being replaced by a page needs no more of its body, one under way is cut, and before any answer another attempt
     * or the client's answer follows.
     *
     * @param reason "reset" or "protocol"
     */
    void upstreamFailed(ExchangeState state, String reason, Throwable cause) {
        boolean reused = leg.reused();
        leg.release(false);
        if (state == ExchangeState.REPLACING) {
            owner.replaced();
        } else if (state == ExchangeState.RESPONDING) {
            failedMidAnswer(reason, cause);
            owner.abort();
        } else {
            failedBeforeAnswer(reason, cause, reused);
        }
    }

    /** A deadline passed on the attempt's connection: it counts as the endpoint's failure. */
    private void timedOut(String detail) {
        PeerFailures.count(leg.channel(), "timeout", detail);
        attempts.failed("timeout");
    }

    /**
     * The attempt's connection closed or sent what could not be read before any answer reached the client.
     *
     * @param reason "reset" or "protocol"
     * @param reused whether the connection came from the pool
     */
    private void failedBeforeAnswer(String reason, Throwable cause, boolean reused) {
        FAILURES.log("upstream " + reason, "upstream {} of cluster {} failed ({}): {}", attempts.member(), cluster.name(),
                reason, cause == null ? "closed" : Causes.describe(cause));
        boolean replayable = body.replayable(attempts.rules());
        if (reused && replayable) {
            // a pooled connection the upstream had already closed says nothing about the upstream: the request goes
            // again, on a new connection, without counting as an attempt
            attempts.undo();
            connect();
            return;
        }
        attempts.failed(reason);
        boolean protocolError = reason.equals("protocol");
        attempts.failure(502, protocolError ? "the upstream sent a response that could not be read"
                : "the upstream closed the connection before responding");
        if (attempts.mayRetry(replayable, protocolError ? attempts.rules().invalidHeader() : attempts.rules().error())) {
            attempts.ended();
            retry();
        } else {
            exhausted();
        }
    }

    /** The attempt's connection failed mid-answer: nothing can follow it, but it is counted and logged. */
    private void failedMidAnswer(String reason, Throwable cause) {
        FAILURES.log("upstream " + reason, "upstream {} of cluster {} failed mid-answer ({}): {}", attempts.member(),
                cluster.name(), reason, cause == null ? "closed" : Causes.describe(cause));
        attempts.failed(reason);
    }

    /** The upstream did not answer in time: another attempt when the rules allow, else a 504. */
    private void answerTimedOut() {
        if (attempts.rules().timeout() && attempts.mayTryAnother(body.replayable(attempts.rules()), selection)) {
            tryAnother(504, "the upstream did not answer in time");
        } else {
            owner.fail(504, "the upstream did not answer in time", false);
        }
    }

    /**
     * The upstream answered with a status the route retries on: when another attempt may follow, the answer is dropped
     * and it starts.
     *
     * @return whether another attempt started
     */
    boolean retried(int status) {
        if (!attempts.rules().retriesStatus(status) || !attempts.mayTryAnother(body.replayable(attempts.rules()), selection)) {
            return false;
        }
        if (status >= 500) {
            cluster.failed(attempts.member());
        }
        tryAnother(status, "every endpoint tried answered " + status);
        return true;
    }

    /** Drops this attempt's connection, and what the upstream sent on it, and tries the next endpoint. */
    private void tryAnother(int failureStatus, String detail) {
        leg.release(false);
        attempts.ended();
        attempts.failure(failureStatus, detail);
        retry();
    }

    /** Starts another attempt, after the route's backoff if it has one. */
    private void retry() {
        backoff.then(this::connect, () -> owner.state() == ExchangeState.ENDED, deadlines);
    }

    private void exhausted() {
        owner.fail(attempts.failureStatus(), attempts.failureDetail(), false);
    }
}
