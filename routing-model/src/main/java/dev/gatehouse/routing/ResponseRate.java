package dev.gatehouse.routing;

/**
 * How fast a route's answers go to the client, as nginx's {@code limit_rate} and {@code limit_rate_after}: per
 * request, the first {@code afterBytes} of the body, and a second's worth at {@code bytesPerSecond} (nginx's
 * allowance counts the current second), go at once; the rest no faster than {@code bytesPerSecond}.
 *
 * @param bytesPerSecond the rate, more than 0
 * @param afterBytes     how much of the body goes before the rate applies, 0 or more
 */
public record ResponseRate(long bytesPerSecond, long afterBytes) {

    public ResponseRate {
        if (bytesPerSecond <= 0 || afterBytes < 0) {
            throw new IllegalArgumentException("response rate " + bytesPerSecond + " B/s after " + afterBytes
                    + " bytes: the rate must be more than 0 and the initial amount 0 or more");
        }
    }
}
