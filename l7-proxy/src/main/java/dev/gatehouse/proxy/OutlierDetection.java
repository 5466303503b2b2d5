package dev.gatehouse.proxy;

import java.time.Duration;

/**
 * Passive outlier ejection (Envoy's outlier detection): an endpoint that fails {@code consecutiveErrors}
 * times in a row (a 5xx answer, or a connection that fails, breaks or times out) is taken out for
 * {@code baseEjectionTime} times the number of times it was taken out before, at most
 * {@code maxEjectionTime}; never more than {@code maxEjectionPercent} of a cluster's endpoints at once,
 * but always at least one.
 */
public record OutlierDetection(int consecutiveErrors, Duration baseEjectionTime, Duration maxEjectionTime,
                               int maxEjectionPercent) {
    public static final OutlierDetection DEFAULT =
            new OutlierDetection(5, Duration.ofSeconds(30), Duration.ofMinutes(5), 50);

    public OutlierDetection {
        SettingChecks.requireAtLeast("outlier consecutive errors", consecutiveErrors, 1);
        SettingChecks.requirePositive("outlier base ejection time", baseEjectionTime);
        SettingChecks.requirePositive("outlier max ejection time", maxEjectionTime);
        if (maxEjectionPercent < 0 || maxEjectionPercent > 100) {
            throw new IllegalArgumentException("outlier max ejection percent " + maxEjectionPercent + " must be 0-100");
        }
    }
}
