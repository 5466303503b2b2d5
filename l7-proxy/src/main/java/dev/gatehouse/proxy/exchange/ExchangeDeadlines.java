package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.net.DeadlineTimer;
import dev.gatehouse.routing.RequestPolicy;

/**
 * The timeouts of an exchange's current attempt, on the client connection's shared {@link DeadlineTimer}: connecting,
 * the upstream refusing request bytes (send), and the upstream staying silent (read), as the route's policy says
 * (with the proxy's defaults already filled in). A route may also limit the whole exchange and each attempt, from their
 * start to the answer's end ({@link RequestPolicy#requestTimeout()}, {@link RequestPolicy#attemptTimeout()}): past
 * either, the attempt ends as one whose upstream stayed silent (a 504 before the answer started, a cut answer after).
 */
final class ExchangeDeadlines implements Runnable {

    private final Expiring exchange;
    private final DeadlineTimer timer;
    private final long connectNanos;
    private final long readNanos;
    private final long sendNanos;
    private final long requestStart = System.nanoTime();
    /** The limit on the whole exchange, or 0 for none. */
    private final long requestNanos;
    /** The limit on each attempt, or 0 for none. */
    private final long attemptNanos;
    private long attemptStart;
    private long lastUpstreamRead;
    private long sendBlockedSince;
    private boolean upstreamHeld;

    ExchangeDeadlines(Expiring exchange, DeadlineTimer timer, RequestPolicy policy) {
        this.exchange = exchange;
        this.timer = timer;
        this.connectNanos = policy.connectTimeout().toNanos();
        this.readNanos = policy.readTimeout().toNanos();
        this.sendNanos = policy.sendTimeout().toNanos();
        this.requestNanos = policy.requestTimeout() == null ? 0 : policy.requestTimeout().toNanos();
        this.attemptNanos = policy.attemptTimeout() == null ? 0 : policy.attemptTimeout().toNanos();
    }

    long readTimeoutNanos() {
        return readNanos;
    }

    /** An attempt starts: it has the connect timeout to get a connection. */
    void attemptStarted() {
        attemptStart = System.nanoTime();
    }

    /** The attempt waits for a new connection. */
    void connecting() {
        arm(attemptStart + connectNanos);
    }

    /** The attempt has its connection. */
    void attached(boolean requestComplete) {
        lastUpstreamRead = System.nanoTime();
        arm(lastUpstreamRead + (requestComplete ? readNanos : Math.min(readNanos, sendNanos)));
    }

    /** The end of the request went out: the upstream has the read timeout to answer. */
    void requestSent() {
        lastUpstreamRead = System.nanoTime();
        sendBlockedSince = 0;
        arm(lastUpstreamRead + readNanos);
    }

    /** The upstream can take no more of the body for now. */
    void sendBlocked() {
        if (sendBlockedSince == 0) {
            sendBlockedSince = System.nanoTime();
            arm(sendBlockedSince + sendNanos);
        }
    }

    void sendUnblocked() {
        sendBlockedSince = 0;
    }

    void upstreamRead() {
        lastUpstreamRead = System.nanoTime();
    }

    /**
     * The proxy stops (or resumes) reading the upstream to keep the answer to the route's rate: that time is not the
     * upstream's silence, so the read timeout counts again from when reading resumes.
     */
    void upstreamHeld(boolean held) {
        if (upstreamHeld && !held) {
            lastUpstreamRead = System.nanoTime();
        }
        upstreamHeld = held;
    }

    void cancel() {
        timer.disarm(this);
    }

    private void arm(long deadline) {
        long limit = limit(deadline);
        timer.arm(deadline - limit > 0 ? limit : deadline, this);
    }

    private boolean limitPassed(long now) {
        return requestNanos > 0 && now - (requestStart + requestNanos) >= 0 || attemptNanos > 0 && now - (attemptStart + attemptNanos) >= 0;
    }

    /** The earlier of {@code otherwise} and the limits on the exchange and on the attempt. */
    private long limit(long otherwise) {
        long limit = otherwise;
        if (requestNanos > 0 && limit - (requestStart + requestNanos) > 0) {
            limit = requestStart + requestNanos;
        }
        if (attemptNanos > 0 && limit - (attemptStart + attemptNanos) > 0) {
            limit = attemptStart + attemptNanos;
        }
        return limit;
    }

    /** The timer fired: a deadline that passed ends the attempt; otherwise the next one is armed. */
    @Override
    public void run() {
        ExchangeState state = exchange.state();
        if (state == ExchangeState.ENDED) {
            return;
        }
        long now = System.nanoTime();
        if (limitPassed(now)) {
            if (state == ExchangeState.CONNECTING) {
                exchange.connectFailed(true);
            } else {
                exchange.readTimedOut();
            }
            return;
        }
        long deadline;
        if (state == ExchangeState.CONNECTING) {
            deadline = attemptStart + connectNanos;
            if (now - deadline >= 0) {
                exchange.connectFailed(true);
                return;
            }
        } else if (exchange.sending()) {
            deadline = sendBlockedSince != 0 ? sendBlockedSince + sendNanos : now + sendNanos;
            if (sendBlockedSince != 0 && now - deadline >= 0) {
                exchange.sendTimedOut();
                return;
            }
        } else {
            deadline = upstreamHeld ? now + readNanos : lastUpstreamRead + readNanos;
            if (now - deadline >= 0) {
                exchange.readTimedOut();
                return;
            }
        }
        arm(deadline);
    }
}
