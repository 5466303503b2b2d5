package dev.gatehouse.proxy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.gatehouse.routing.RateLimit;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The {@link RateLimiter} of each limited route of one snapshot: one per distinct {@link RateLimit}, so the routes of
 * one zone (one Ingress) share their counts, and kept from the previous snapshot while the limit is unchanged, so a
 * snapshot swap neither resets a client's bucket nor forgets its requests in flight.
 */
final class RateLimiters {

    private final IdentityHashMap<Route, RateLimiter> byRoute;
    private final Map<RateLimit, RateLimiter> byModel;

    private RateLimiters(IdentityHashMap<Route, RateLimiter> byRoute, Map<RateLimit, RateLimiter> byModel) {
        this.byRoute = byRoute;
        this.byModel = byModel;
    }

    /** @param previous the limiters of the routing before, or null */
    static RateLimiters build(RoutingSnapshot snapshot, RateLimiters previous) {
        IdentityHashMap<Route, RateLimiter> byRoute = new IdentityHashMap<>();
        Map<RateLimit, RateLimiter> byModel = new HashMap<>();
        for (VirtualHost host : snapshot.virtualHosts()) {
            for (Route route : host.routes()) {
                if (route.action() instanceof RouteAction.Forward forward && forward.filters().rateLimit() != null
                        && forward.filters().rateLimit().limits()) {
                    RateLimit model = forward.filters().rateLimit();
                    RateLimiter limiter = byModel.computeIfAbsent(model, m -> {
                        RateLimiter kept = previous == null ? null : previous.byModel.get(m);
                        return kept != null ? kept : RateLimiter.compile(m, Ticker.systemTicker(), RequestBuckets.DEFAULT_CLIENTS);
                    });
                    byRoute.put(route, limiter);
                }
            }
        }
        return new RateLimiters(byRoute, byModel);
    }

    /** The limiter of a route, or null when it has no limit. */
    RateLimiter of(Route route) {
        return byRoute.get(route);
    }
}
