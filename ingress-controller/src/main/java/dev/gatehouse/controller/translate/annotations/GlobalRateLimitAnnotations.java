package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.GlobalRateLimit;
import dev.gatehouse.routing.RequestTemplate;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ingress's global rate limit ({@code global-rate-limit}, {@code -window}, {@code -key}, {@code -ignored-cidrs}) with
 * ingress-nginx's meanings: one limit per Ingress, whose paths all count together under the Ingress's UID; the window a
 * Go duration counted in whole seconds; both the limit and the window needed, else there is no limit; the counters in
 * the memcached of the global ConfigMap, without which there is no limit either. Each missing piece is reported.
 *
 * <p>A limit or window that is set but cannot be read refuses every request outside the ignored addresses with 503, as
 * ingress-nginx denies such a location; a key that cannot be read counts by {@code $remote_addr}; ignored addresses that
 * cannot be read exempt nobody.
 */
final class GlobalRateLimitAnnotations {

    /** A Go duration ({@code time.ParseDuration}), as ingress-nginx reads the window: {@code 1m}, {@code 1h30m}, {@code 1.5s}. */
    private static final Pattern GO_DURATION = Pattern.compile("(?:([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern GO_PART = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, BigDecimal> NANOS = Map.of("ns", BigDecimal.ONE, "us", BigDecimal.valueOf(1_000),
            "µs", BigDecimal.valueOf(1_000), "ms", BigDecimal.valueOf(1_000_000), "s", BigDecimal.valueOf(1_000_000_000L),
            "m", BigDecimal.valueOf(60_000_000_000L), "h", BigDecimal.valueOf(3_600_000_000_000L));
    /** Go's durations end near 292 years; a longer window is a typing error rather than a limit. */
    private static final long LONGEST_SECONDS = 365L * 24 * 3600;
    private static final int DENIED = 503;

    private GlobalRateLimitAnnotations() {
    }

    /**
     * The Ingress's global limit, or null when it sets none that applies.
     *
     * @param uid the Ingress's UID, whose counters they are; null for an Ingress without one (from a manifest)
     */
    static GlobalRateLimit read(AnnotationReader reader, ObjectRef owner, String uid, GlobalConfig global, List<Warning> warnings) {
        String[] limitFound = reader.value("global-rate-limit");
        String[] windowFound = reader.value("global-rate-limit-window");
        if (limitFound == null && windowFound == null) {
            return null;
        }
        if (limitFound == null || windowFound == null) {
            String[] present = limitFound != null ? limitFound : windowFound;
            reader.warn(present, "is set without " + (limitFound == null ? "global-rate-limit" : "global-rate-limit-window")
                    + ", which ingress-nginx needs too; the Ingress is served without a global limit");
            return null;
        }
        String limitText = limitFound[1].trim();
        boolean unreadable = false;
        int limit = 0;
        if (limitText.matches("[0-9]{1,9}")) {
            limit = Integer.parseInt(limitText);
        } else {
            reader.warn(limitFound, "is not a number of requests (expected a whole number such as 100, 0 for no limit); every "
                    + "request outside global-rate-limit-ignored-cidrs is answered 503 until it is fixed");
            unreadable = true;
        }
        Duration window = window(windowFound[1].trim());
        if (window == null) {
            reader.warn(windowFound, "is not a duration (expected a Go duration of at least 1s, such as 1m or 1h30m); every "
                    + "request outside global-rate-limit-ignored-cidrs is answered 503 until it is fixed, as ingress-nginx "
                    + "denies the location");
            unreadable = true;
            window = Duration.ofMinutes(1);
        } else if (window.isZero()) {
            reader.warn(windowFound, "is shorter than a second, and ingress-nginx counts windows in whole seconds; the Ingress is "
                    + "served without a global limit");
            return null;
        }
        if (limit == 0 && !unreadable) {
            return null;
        }
        if (global.memcached() == null) {
            warnings.add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + limitFound[0] + " needs "
                    + "global-rate-limit-memcached-host in the global ConfigMap (--config), where the replicas share their counts; "
                    + "the Ingress is served without a global limit, as ingress-nginx serves it"));
            return null;
        }
        List<String> ignored = reader.ranges("global-rate-limit-ignored-cidrs", "no client is exempt from the global limit until it "
                + "is fixed");
        return new GlobalRateLimit(namespace(uid, owner), unreadable ? 0 : limit, window, key(reader), ignored == null ? List.of() : ignored,
                unreadable ? DENIED : global.globalRateLimitStatus(), global.memcached());
    }

    private static RequestTemplate key(AnnotationReader reader) {
        String[] found = reader.value("global-rate-limit-key");
        if (found == null || found[1].trim().isEmpty()) {
            return GlobalRateLimit.DEFAULT_KEY;
        }
        try {
            return new RequestTemplate(found[1].trim());
        } catch (IllegalArgumentException invalid) {
            reader.warn(found, "cannot be used: " + invalid.getMessage() + "; requests are counted by $remote_addr until it is fixed");
            return GlobalRateLimit.DEFAULT_KEY;
        }
    }

    /**
     * The window in whole seconds (ingress-nginx's {@code int(windowSize.Seconds())}), zero when shorter than one; null when
     * {@code text} is not a Go duration or is negative or longer than a year.
     */
    static Duration window(String text) {
        if (!GO_DURATION.matcher(text).matches()) {
            return null;
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = GO_PART.matcher(text);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1).startsWith(".") ? "0" + part.group(1) : part.group(1))
                    .multiply(NANOS.get(part.group(2))));
        }
        BigDecimal seconds = nanos.divideToIntegralValue(NANOS.get("s"));
        if (seconds.compareTo(BigDecimal.valueOf(LONGEST_SECONDS)) > 0) {
            return null;
        }
        return Duration.ofSeconds(seconds.longValueExact());
    }

    /** ingress-nginx's namespace of the counters: the UID without dashes; for an Ingress without UID, a hash of its name. */
    private static String namespace(String uid, ObjectRef owner) {
        if (uid != null) {
            String bare = uid.replace("-", "").toLowerCase(Locale.ROOT);
            if (bare.matches("[a-z0-9]{1," + GlobalRateLimit.MAX_NAMESPACE + "}")) {
                return bare;
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((owner.namespace() + "/" + owner.name())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
