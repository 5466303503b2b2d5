package dev.gatehouse.proxy.filter;

/**
 * A global rate limit's decision, as lua-resty-global-throttle 0.2 (ingress-nginx's global throttle) takes it from two
 * fixed windows' counts: the current window's count and the previous window's, weighted by the part of the previous
 * window that still lies within one window of now, give the rate of the last window; that rate, carried on to the end
 * of the current window, gives the count the window is heading for. A request is refused when the current count has
 * reached the limit, or when the count the window is heading for would reach it; its key's later requests may then be
 * refused without asking memcached until that projection would let one through again. Unlike a fixed window, a burst
 * at the end of one window followed by one at the start of the next cannot pass twice the limit; and, as in
 * lua-resty-global-throttle, a burst early in a window with no previous history is cut before the limit, because the
 * rate it shows is carried on to the window's end.
 */
final class SlidingWindow {

    /** {@link #refusal}'s answer for a request that passes. */
    static final long PASSES = -1;

    private final long limit;
    private final long windowMillis;

    SlidingWindow(long limit, long windowMillis) {
        if (limit <= 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("a limit of " + limit + " per " + windowMillis + " ms");
        }
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /**
     * @param nowMillis     the time of the request, in milliseconds since the epoch (windows are numbered from it)
     * @param previousCount the previous window's count
     * @param currentCount  the current window's count before this request
     * @return {@link #PASSES}, or for how many milliseconds from now this key's requests may be refused without asking
     *         (0: ask again for the next one)
     */
    long refusal(long nowMillis, long previousCount, long currentCount) {
        long remaining = windowMillis - Math.floorMod(nowMillis, windowMillis);
        if (currentCount >= limit) {
            return remaining;
        }
        double ratePerMilli = ((double) previousCount * remaining / windowMillis + currentCount) / windowMillis;
        double heading = ratePerMilli * remaining + currentCount;
        if (heading < limit) {
            return PASSES;
        }
        // the rate is positive here (the projection exceeds the count): wait until the projection falls to the limit
        double wait = remaining - (limit - currentCount) / ratePerMilli;
        return Math.max(0, Math.min(remaining, (long) wait));
    }
}
