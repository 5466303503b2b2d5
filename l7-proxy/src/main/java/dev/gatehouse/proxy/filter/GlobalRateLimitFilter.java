package dev.gatehouse.proxy.filter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.proxy.http.RequestVariables;
import dev.gatehouse.proxy.net.Cidrs;
import dev.gatehouse.routing.GlobalRateLimit;
import dev.gatehouse.routing.RequestTemplate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route's global rate limit, after CORS preflights and before everything else, where ingress-nginx throttles (its
 * rewrite phase): a client address in the ignored list passes uncounted; any other request adds one to its key's counter
 * of the current window in memcached and waits for the count, on its own event loop. Beyond the limit it is answered with
 * the limit's status, and so is every later request of that key until the window ends, from a cache of this replica's
 * refusals (as ingress-nginx caches them), so a flood costs memcached nothing. When memcached cannot answer in time the
 * request passes (fail open, as ingress-nginx): {@link GlobalCounters} counts and logs that.
 */
final class GlobalRateLimitFilter implements RequestFilter {

    private static final Logger log = LoggerFactory.getLogger(GlobalRateLimitFilter.class);
    private static final int REFUSALS_KEPT = 100_000;

    private final GlobalRateLimit limit;
    private final Cidrs ignored;
    private final List<RequestTemplate.Part> key;
    private final long windowSeconds;
    private final Clock clock;
    /** Counter keys refused in their window; an entry outlives its window at most by one window, and then is never asked for. */
    private final Cache<String, Boolean> refused;

    GlobalRateLimitFilter(GlobalRateLimit limit, Clock clock) {
        this.limit = limit;
        this.ignored = ignored(limit.ignoredCidrs());
        this.key = limit.key().parts();
        this.windowSeconds = limit.window().toSeconds();
        this.clock = clock;
        this.refused = Caffeine.newBuilder().maximumSize(REFUSALS_KEPT).expireAfterWrite(limit.window()).executor(Runnable::run).build();
    }

    /** The translator checked the list; one that still cannot be read exempts nobody, rather than everybody. */
    private static Cidrs ignored(List<String> ranges) {
        try {
            return Cidrs.parse(ranges);
        } catch (IllegalArgumentException invalid) {
            log.error("global rate limit: ignored CIDRs {}: {}; no client is exempt until they are fixed", ranges, invalid.getMessage());
            return Cidrs.parse(List.of());
        }
    }

    @Override
    public Verdict check(FilteredRequest request) {
        String client = request.client().client().toString();
        if (ignored.contains(client)) {
            return Verdict.PASS;
        }
        if (limit.limit() == 0) {
            return refusal();
        }
        String value = RequestVariables.expand(key, request.request(), request.client());
        long window = clock.millis() / 1000 / windowSeconds;
        String counter = CounterKeys.of(limit.namespace(), value.isEmpty() ? client : value, window);
        if (refused.getIfPresent(counter) != null) {
            return refusal();
        }
        CompletableFuture<Long> count = request.globalCounters().increment(limit.memcached(), counter, windowSeconds);
        if (count.isDone()) {
            // a connection known to be broken fails at once: no need to suspend the request
            return decide(counter, count.isCompletedExceptionally() ? null : count.join());
        }
        return Verdict.later(count.handle((counted, failure) -> decide(counter, failure == null ? counted : null)));
    }

    /** @param counted the count, or null when memcached could not be asked (the request passes) */
    private Verdict decide(String counter, Long counted) {
        if (counted == null || counted <= limit.limit()) {
            return Verdict.PASS;
        }
        refused.put(counter, Boolean.TRUE);
        return refusal();
    }

    private Verdict refusal() {
        return Verdict.answer(limit.status(), "too many requests; try again in the next window");
    }
}
