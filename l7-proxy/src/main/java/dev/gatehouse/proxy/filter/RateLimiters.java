package dev.gatehouse.proxy.filter;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.routing.RateLimit;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@link RateLimiter}s of one routing: one per distinct {@link RateLimit}, so the routes of one zone (one Ingress)
 * share their counts, and kept from the previous routing while the limit is unchanged, so a snapshot swap neither
 * resets a client's bucket nor forgets its requests in flight. {@link LiveRouting} fills it while it is built, off the
 * event loops, and hands each limiter to the {@link RouteFilters} of its routes; afterwards only the next build reads it.
 */
public final class RateLimiters {

    private final Map<RateLimit, RateLimiter> byModel = new HashMap<>();

    /**
     * The limiter of {@code model}: this routing's, else the previous routing's, else a new one; null when there is
     * nothing to limit.
     *
     * @param previous the limiters of the routing before, or null
     */
    public RateLimiter of(RateLimit model, RateLimiters previous) {
        if (model == null || !model.limits()) {
            return null;
        }
        return byModel.computeIfAbsent(model, m -> {
            RateLimiter kept = previous == null ? null : previous.byModel.get(m);
            return kept != null ? kept : RateLimiter.compile(m, Ticker.systemTicker(), RequestBuckets.DEFAULT_CLIENTS);
        });
    }
}
