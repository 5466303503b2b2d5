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
 * of the current window in memcached and reads the previous window's counter in the same round trip, on its own event
 * loop, and {@link SlidingWindow} decides from both, as ingress-nginx's sliding window does. A refused request is taken
 * off the count again, and the key's later requests are refused from a cache of this replica's refusals for as long as
 * the estimate says (as ingress-nginx caches them), so a flood costs memcached nothing. When memcached cannot answer in
 * time the request passes (fail open, as ingress-nginx): {@link GlobalCounters} counts and logs that.
 */
final class GlobalRateLimitFilter implements RequestFilter {

    private static final Logger log = LoggerFactory.getLogger(GlobalRateLimitFilter.class);
    private static final int REFUSALS_KEPT = 100_000;

    private final GlobalRateLimit limit;
    private final Cidrs ignored;
    private final List<RequestTemplate.Part> key;
    private final long windowSeconds;
    private final long windowMillis;
    private final SlidingWindow estimate;
    private final Clock clock;
    /** Counter keys refused, with the time (of {@link #clock}) until which they stay refused: at most the window's end. */
    private final Cache<String, Long> refused;

    GlobalRateLimitFilter(GlobalRateLimit limit, Clock clock) {
        this.limit = limit;
        this.ignored = ignored(limit.ignoredCidrs());
        this.key = limit.key().parts();
        this.windowSeconds = limit.window().toSeconds();
        this.windowMillis = windowSeconds * 1000;
        this.estimate = limit.limit() > 0 ? new SlidingWindow(limit.limit(), windowMillis) : null;
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
        if (estimate == null) {
            return refusal();
        }
        String value = RequestVariables.expand(key, request.request(), request.client());
        String subject = value.isEmpty() ? client : value;
        long now = clock.millis();
        long window = now / windowMillis;
        String counter = CounterKeys.of(limit.namespace(), subject, window);
        Long refusedUntil = refused.getIfPresent(counter);
        if (refusedUntil != null && now < refusedUntil) {
            return refusal();
        }
        GlobalCounters counters = request.globalCounters();
        CompletableFuture<WindowCounts> counts = counters.count(limit.memcached(), counter, 2 * windowSeconds,
                CounterKeys.of(limit.namespace(), subject, window - 1));
        if (counts.isDone()) {
            // a connection known to be broken fails at once: no need to suspend the request
            return decide(counters, counter, now, counts.isCompletedExceptionally() ? null : counts.join());
        }
        return Verdict.later(counts.handle((counted, failure) -> decide(counters, counter, now, failure == null ? counted : null)));
    }

    /** @param counts the counts, or null when memcached could not be asked (the request passes) */
    private Verdict decide(GlobalCounters counters, String counter, long now, WindowCounts counts) {
        if (counts == null) {
            return Verdict.PASS;
        }
        long refuseFor = estimate.refusal(now, counts.previous(), counts.current() - 1);
        if (refuseFor == SlidingWindow.PASSES) {
            return Verdict.PASS;
        }
        counters.uncount(limit.memcached(), counter);
        if (refuseFor > 0) {
            refused.put(counter, now + refuseFor);
        }
        return refusal();
    }

    private Verdict refusal() {
        return Verdict.answer(limit.status(), "too many requests; try again later");
    }
}
