package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.routing.NextUpstream;
import dev.gatehouse.routing.RequestPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteTimeouts;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule's {@code timeouts} as the request policy of its routes: {@code request} limits the whole exchange,
 * {@code backendRequest} each attempt, both to the answer's end; {@code 0s} is no limit, as the specification says. A
 * request past its limit is not tried again on a timeout (a rule without {@code retry} asks for no retries), so that the
 * client gets its 504 when the limit says.
 */
final class RuleTimeouts {

    /** Gateway API's duration: up to four parts of up to five digits, each with its unit. */
    private static final Pattern FORM = Pattern.compile("([0-9]{1,5}(h|ms|m|s)){1,4}");
    private static final Pattern PART = Pattern.compile("([0-9]{1,5})(h|ms|m|s)");

    private RuleTimeouts() {
    }

    /**
     * @param timeouts the rule's, or null
     * @throws IllegalArgumentException when one is not a duration, saying which
     */
    static RequestPolicy policy(String field, HTTPRouteTimeouts timeouts) {
        if (timeouts == null) {
            return RequestPolicy.DEFAULTS;
        }
        Duration request = duration(field + ".request", timeouts.getRequest());
        Duration attempt = duration(field + ".backendRequest", timeouts.getBackendRequest());
        if (request == null && attempt == null) {
            return RequestPolicy.DEFAULTS;
        }
        NextUpstream retries = RequestPolicy.DEFAULTS.nextUpstream();
        return RequestPolicy.DEFAULTS.withTimeouts(request, attempt)
                .withNextUpstream(new NextUpstream(retries.error(), false, retries.invalidHeader(), Set.of(), false));
    }

    /** The duration written, or null for none (unset or zero). */
    static Duration duration(String field, String text) {
        if (text == null) {
            return null;
        }
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException(field + ": \"" + text + "\" is not a duration (expected parts such as 1h, 30m, 10s, 500ms)");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long value = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(value);
                case "m" -> Duration.ofMinutes(value);
                case "s" -> Duration.ofSeconds(value);
                default -> Duration.ofMillis(value);
            });
        }
        return total.isZero() ? null : total;
    }
}
