package dev.gatehouse.proxy.filter;

/** The route's rate limit: a client past it is answered (429 or the configured status) at once. */
final class RateLimitFilter implements RequestFilter {

    private final RateLimiter limiter;

    RateLimitFilter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Verdict check(FilteredRequest request) {
        RequestSlot slot = limiter.admit(request.client().client());
        if (slot.refusal() != 0) {
            return Verdict.answer(slot.refusal(), "too many requests from this client address; try again shortly");
        }
        request.hold(slot);
        return Verdict.PASS;
    }
}
