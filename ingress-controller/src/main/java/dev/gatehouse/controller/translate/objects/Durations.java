package dev.gatehouse.controller.translate.objects;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as flags and annotations write them: {@code 100ms}, {@code 5s}, {@code 2m}, {@code 1h}, up to a year: longer
 * ones are refused rather than overflow where the proxy counts them in nanoseconds.
 */
public final class Durations {

    private static final Pattern FORM = Pattern.compile("(\\d{1,12})(ms|s|m|h)");
    private static final Duration LONGEST = Duration.ofDays(365);

    private Durations() {
    }

    /** The positive duration written in {@code text}, or null when it is not one. */
    public static Duration parse(String text) {
        Matcher matcher = FORM.matcher(text.trim());
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return duration.isZero() || duration.compareTo(LONGEST) > 0 ? null : duration;
    }
}
