package dev.gatehouse.proxy.live;

import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.filter.RateLimiter;
import dev.gatehouse.proxy.filter.RateLimiters;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the routes of one snapshot into {@link RouteRuntime}s: filters compiled once per distinct model (and kept from
 * the previous routing when unchanged, with the limiter of their limit), and limits with the proxy's defaults filled
 * in once per distinct policy, so that no request resolves a default.
 */
final class RouteCompiler {

    private final RequestPolicy defaults;
    private final Map<RequestFilters, RouteFilters> previousFilters;
    private final RateLimiters previousLimiters;
    private final Map<RequestFilters, RouteFilters> filters;
    private final RateLimiters limiters = new RateLimiters();
    private final Map<RequestPolicy, RequestPolicy> policies = new HashMap<>();

    /**
     * @param previousFilters  the previous routing's compiled filters by model
     * @param previousLimiters the previous routing's rate limiters, or null
     * @param filters          this routing's compiled filters by model, filled as routes are compiled
     */
    RouteCompiler(ProxySettings settings, Map<RequestFilters, RouteFilters> previousFilters, RateLimiters previousLimiters,
                  Map<RequestFilters, RouteFilters> filters) {
        this.defaults = new RequestPolicy(settings.upstreamConnectTimeout(), settings.upstreamReadTimeout(),
                settings.upstreamSendTimeout(), settings.upstreamMaxAttempts(), settings.maxRequestBodyBytes());
        this.previousFilters = previousFilters;
        this.previousLimiters = previousLimiters;
        this.filters = filters;
    }

    RouteRuntime compile(Route route, RouteStats stats) {
        if (!(route.action() instanceof RouteAction.Forward forward)) {
            return new RouteRuntime(stats, null, null, null);
        }
        RequestPolicy policy = policies.computeIfAbsent(forward.policy(), given -> given.withDefaults(defaults));
        RouteFilters canary = forward.canary() == null || forward.canary().filters() == null ? null
                : filters(route, forward.canary().filters());
        return new RouteRuntime(stats, forward.filters().none() ? null : filters(route, forward.filters()), policy, canary);
    }

    /**
     * Takes over the runtime the previous routing compiled for {@code route}, with these same defaults: its filters and
     * their limiter stay this routing's too.
     */
    void keep(Route route, RouteRuntime runtime) {
        if (runtime.filters() != null && route.action() instanceof RouteAction.Forward forward) {
            limiters.of(forward.filters().rateLimit(), previousLimiters);
            filters.putIfAbsent(forward.filters(), runtime.filters());
        }
    }

    /** The proxy's defaults that fill what routes leave unset. */
    RequestPolicy defaults() {
        return defaults;
    }

    /** The rate limiters of the limits compiled so far, for the next routing to keep. */
    RateLimiters limiters() {
        return limiters;
    }

    private RouteFilters filters(Route route, RequestFilters model) {
        RateLimiter limiter = limiters.of(model.rateLimit(), previousLimiters);
        RouteFilters compiled = filters.get(model);
        if (compiled == null) {
            compiled = previousFilters.get(model);
        }
        if (compiled == null) {
            compiled = RouteFilters.compile(route.name(), model, limiter);
        }
        filters.put(model, compiled);
        return compiled;
    }
}
