package dev.gatehouse.routing;

import java.time.Duration;

/**
 * Active HTTP health checking of a cluster's endpoints: a GET of {@code path} every {@code interval};
 * a 2xx or 3xx within {@code timeout} is a success. An endpoint turns unhealthy after
 * {@code unhealthyThreshold} failures in a row and healthy again after {@code healthyThreshold} successes.
 */
public record HealthCheck(String path, Duration interval, Duration timeout, int healthyThreshold, int unhealthyThreshold) {

    public HealthCheck {
        if (path == null || !path.startsWith("/")) {
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

    /** {@code path} every 5 s, 2 s timeout, healthy after 2 successes, unhealthy after 3 failures. */
    public static HealthCheck of(String path) {
        return new HealthCheck(path, Duration.ofSeconds(5), Duration.ofSeconds(2), 2, 3);
    }
}
