package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.RateLimit;
import java.util.List;

/**
 * An Ingress's rate limits ({@code limit-rps}, {@code limit-rpm}, {@code limit-connections},
 * {@code limit-burst-multiplier}, {@code limit-allowlist} or its older name {@code limit-whitelist}) with ingress-nginx's
 * meanings: per client address and replica, a burst of rate × multiplier passing at once, the whitelist exempt from every limit, all routes of the
 * Ingress sharing one zone.
 *
 * <p>A limit is access control: one that cannot be read takes its strictest reading rather than none. An unreadable
 * rate or connection count refuses every client outside the whitelist; an unreadable multiplier is 1 (a burst of
 * one rate's worth); an unreadable whitelist exempts nobody. Each is reported, and the Ingress's other settings
 * still apply.
 */
final class RateLimitAnnotations {

    /** More than any replica could count in a second; more digits are a typing error rather than a limit. */
    private static final int MAX = 999_999_999;

    private RateLimitAnnotations() {
    }

    /** The Ingress's limit, or null when it sets none; refused requests get the statuses of {@code global}. */
    static RateLimit read(AnnotationReader reader, ObjectRef owner, GlobalConfig global) {
        Limit perSecond = limit(reader, "limit-rps", "requests per second such as 10");
        Limit perMinute = limit(reader, "limit-rpm", "requests per minute such as 300");
        Limit connections = limit(reader, "limit-connections", "requests in flight such as 20");
        int multiplier = multiplier(reader);
        List<String> exempt = exempt(reader);
        boolean refuseAll = perSecond.unreadable() || perMinute.unreadable() || connections.unreadable();
        if (!refuseAll && perSecond.value() == 0 && perMinute.value() == 0 && connections.value() == 0) {
            return null;
        }
        return new RateLimit(owner.namespace() + "/" + owner.name(), perSecond.value(), perMinute.value(), connections.value(),
                multiplier, exempt, global.limitReqStatus(), global.limitConnStatus(), refuseAll);
    }

    /** A limit's value, 0 for none; unreadable when it was set but could not be read. */
    private record Limit(int value, boolean unreadable) {
    }

    private static Limit limit(AnnotationReader reader, String name, String example) {
        String[] found = reader.value(name);
        if (found == null) {
            return new Limit(0, false);
        }
        String problem = problem(found[1].trim(), "a whole number of " + example + ", 0 for no limit");
        if (problem == null) {
            return new Limit(Integer.parseInt(found[1].trim()), false);
        }
        reader.warn(found, problem + "; every client outside limit-whitelist is refused until it is fixed");
        return new Limit(0, true);
    }

    private static int multiplier(AnnotationReader reader) {
        String[] found = reader.value("limit-burst-multiplier");
        if (found == null) {
            return RateLimit.DEFAULT_BURST_MULTIPLIER;
        }
        String text = found[1].trim();
        String problem = text.matches("0+") ? "is zero (expected a whole number of 1 or more, such as 5)"
                : problem(text, "a whole number of 1 or more, such as 5");
        if (problem == null) {
            return Integer.parseInt(text);
        }
        reader.warn(found, problem + "; using 1, the smallest burst, until it is fixed");
        return 1;
    }

    /** Why {@code text} is not a count from 0 to {@link #MAX}, or null when it is one. */
    private static String problem(String text, String expected) {
        if (text.matches("[0-9]{1,9}")) {
            return null;
        }
        if (text.matches("-[0-9]+")) {
            return "is negative (expected " + expected + ")";
        }
        if (text.matches("[0-9]+")) {
            return "is too large (expected at most " + MAX + ")";
        }
        return "is not a whole number (expected " + expected + ")";
    }

    private static List<String> exempt(AnnotationReader reader) {
        // exempting what cannot be read could lift the limit for everyone
        String name = reader.value("limit-allowlist") != null ? "limit-allowlist" : "limit-whitelist";
        List<String> ranges = reader.ranges(name, "no client is exempt from the limits until it is fixed");
        return ranges == null ? List.of() : ranges;
    }
}
