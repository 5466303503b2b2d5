package dev.gatehouse.proxy.balance;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.gatehouse.proxy.http.Cookies;
import dev.gatehouse.routing.Canary;
import dev.gatehouse.routing.ClusterName;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides per request whether a forwarding route's request goes to its {@link Canary}'s cluster, in ingress-nginx's
 * order: the header ({@code always} / {@code never}, or the configured value or pattern), then the cookie
 * ({@code always} / {@code never}), then the weight. Compiled once per snapshot by {@link Canaries}; the header
 * pattern is an RE2 expression, so a hostile header value costs linear time on the event loop, never backtracking.
 */
final class CanarySelector {

    private static final Logger log = LoggerFactory.getLogger(CanarySelector.class);
    private static final String ALWAYS = "always";
    private static final String NEVER = "never";

    private final Canary canary;
    private final Pattern headerPattern;

    private CanarySelector(Canary canary, Pattern headerPattern) {
        this.canary = canary;
        this.headerPattern = headerPattern;
    }

    /**
     * The selector of {@code canary}. A pattern that does not compile (which the translator reported) keeps requests
     * carrying the header on the main cluster, as ingress-nginx does when its match fails with an error.
     */
    static CanarySelector compile(Canary canary) {
        if (canary.headerValue() != null || canary.headerPattern() == null) {
            return new CanarySelector(canary, null);
        }
        try {
            return new CanarySelector(canary, Pattern.compile(canary.headerPattern()));
        } catch (PatternSyntaxException invalid) {
            log.warn("canary {}: header pattern \"{}\" is not an RE2 expression ({}); requests with the header stay on main",
                    canary.cluster(), canary.headerPattern(), invalid.getMessage());
            return new CanarySelector(canary, null);
        }
    }

    /** The cluster this request goes to: the canary's or {@code main}. */
    ClusterName cluster(HttpHeaders headers, ClusterName main) {
        return toCanary(headers) ? canary.cluster() : main;
    }

    private boolean toCanary(HttpHeaders headers) {
        if (canary.header() != null) {
            String value = headers.get(canary.header());
            if (value != null) {
                if (canary.headerValue() != null) {
                    if (canary.headerValue().equals(value)) {
                        return true;
                    }
                } else if (canary.headerPattern() != null) {
                    if (headerPattern == null) {
                        return false;
                    }
                    if (headerPattern.matcher(value).find()) {
                        return true;
                    }
                } else if (ALWAYS.equals(value)) {
                    return true;
                } else if (NEVER.equals(value)) {
                    return false;
                }
            }
        }
        if (canary.cookie() != null) {
            for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
                String value = Cookies.value(header, canary.cookie());
                if (ALWAYS.equals(value)) {
                    return true;
                }
                if (NEVER.equals(value)) {
                    return false;
                }
                if (value != null) {
                    break;
                }
            }
        }
        return canary.weight() > 0 && ThreadLocalRandom.current().nextInt(canary.weightTotal()) < canary.weight();
    }
}
