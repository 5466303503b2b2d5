package dev.gatehouse.routing;

import java.time.Duration;

/**
 * Active health checking of a cluster's endpoints: a GET of {@code path} every {@code interval}, where a
 * 2xx or 3xx within {@code timeout} is a success; or, without a path, a TCP connection, where connecting
 * within {@code timeout} is a success. The check goes to the endpoint's {@link Endpoint#healthPort}. An endpoint turns unhealthy after
 * {@code unhealthyThreshold} failures in a row and healthy again after {@code healthyThreshold} successes.
 */
public record HealthCheck(String path, Duration interval, Duration timeout, int healthyThreshold, int unhealthyThreshold) {

    public HealthCheck {
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("health check path \"" + path + "\" must start with \"/\"");
        }
        if (interval == null || interval.isZero() || interval.isNegative() || timeout == null || timeout.isZero()
                || timeout.isNegative()) {
            throw new IllegalArgumentException("health check interval " + interval + " and timeout " + timeout
                    + " must be positive durations");
        }
        if (healthyThreshold < 1 || unhealthyThreshold < 1) {
            throw new IllegalArgumentException("health check thresholds " + healthyThreshold + "/" + unhealthyThreshold
                    + " must be at least 1");
        }
    }

    /** Whether this check only connects, without an HTTP request. */
    public boolean tcp() {
        return path == null;
    }

    /** A TCP connection every 5 s, 2 s timeout, healthy after 2 successes, unhealthy after 3 failures. */
    public static HealthCheck tcpConnect() {
        return new HealthCheck(null, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3);
    }

    /** {@code path} every 5 s, 2 s timeout, healthy after 2 successes, unhealthy after 3 failures. */
    public static HealthCheck of(String path) {
        return new HealthCheck(path, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3);
    }
}
