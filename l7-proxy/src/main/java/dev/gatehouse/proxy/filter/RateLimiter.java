package dev.gatehouse.proxy.filter;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.gatehouse.proxy.downstream.DownstreamHandler;
import dev.gatehouse.proxy.net.Cidrs;
import dev.gatehouse.routing.RateLimit;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link RateLimit} ready for the data plane, with its state: the request rates as {@link RequestBuckets}, the
 * requests in flight as {@link RequestsInFlight}, per client address (after PROXY protocol and trusted forwarded
 * headers). {@link RateLimiters} keeps one per distinct limit across snapshots; {@link DownstreamHandler} asks it
 * before the allow list, as nginx's preaccess phase comes before its access phase, and releases the slot it got when
 * the request ends, however it ends.
 */
public final class RateLimiter {

    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /** A refused request: it holds no place. */
    private record Refused(int refusal) implements RequestSlot {
        @Override
        public void release() {
        }
    }

    private final RateLimit model;
    private final Cidrs exempt;
    private final RequestBuckets buckets;
    private final RequestsInFlight inFlight;
    private final RequestSlot rateRefused;
    private final RequestSlot connectionRefused;

    private RateLimiter(RateLimit model, Cidrs exempt, RequestBuckets buckets, RequestsInFlight inFlight) {
        this.model = model;
        this.exempt = exempt;
        this.buckets = buckets;
        this.inFlight = inFlight;
        this.rateRefused = new Refused(model.status());
        this.connectionRefused = new Refused(model.connectionStatus());
    }

    /**
     * The limiter of {@code model}. An exempt entry that is not an address or range should have been refused by the
     * translator; if one gets here nobody is exempt, since exempting everyone would lift the limit.
     */
    static RateLimiter compile(RateLimit model, Ticker ticker, long capacity) {
        Cidrs exempt = null;
        if (!model.exempt().isEmpty()) {
            try {
                exempt = Cidrs.parse(model.exempt());
            } catch (IllegalArgumentException invalid) {
                log.error("rate limit of {}: exempt {}: {}; no client is exempt until the list is fixed", model.zone(), model.exempt(),
                        invalid.getMessage());
            }
        }
        List<long[]> rates = new ArrayList<>();
        if (model.perSecond() > 0) {
            rates.add(new long[] {model.perSecond() * 60L, (long) model.perSecond() * model.burstMultiplier()});
        }
        if (model.perMinute() > 0) {
            rates.add(new long[] {model.perMinute(), (long) model.perMinute() * model.burstMultiplier()});
        }
        RequestBuckets buckets = rates.isEmpty() ? null : new RequestBuckets(rates.stream().mapToLong(rate -> rate[0]).toArray(),
                rates.stream().mapToLong(rate -> rate[1]).toArray(), ticker, capacity);
        return new RateLimiter(model, exempt, buckets, model.connections() > 0 ? new RequestsInFlight(model.connections()) : null);
    }

    /**
     * Whether a request from {@code client} may go on: its slot (release it when the request ends), or a refusal with
     * its status. A refused request uses up nothing, as in nginx.
     */
    RequestSlot admit(CharSequence client) {
        String address = client.toString();
        if (exempt != null && exempt.contains(address)) {
            return RequestSlot.NONE;
        }
        if (model.refuseAll()) {
            return rateRefused;
        }
        RequestSlot slot = RequestSlot.NONE;
        if (inFlight != null) {
            slot = inFlight.acquire(address);
            if (slot == null) {
                return connectionRefused;
            }
        }
        if (buckets != null && !buckets.admit(address)) {
            slot.release();
            return rateRefused;
        }
        return slot;
    }
}
