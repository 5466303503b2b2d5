package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.routing.NextUpstream;
import dev.gatehouse.routing.RequestPolicy;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRetry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule's {@code retry} (GEP-1731) as the retries of its routes: {@code attempts} retries after the first try (one
 * when unset, as Envoy's default; {@code 0} none), on a connection error, a timeout waiting for the answer (unless the
 * rule limits the whole request: past that limit the client gets its 504), an unreadable answer, or an answer with one
 * of {@code codes}; a retry may go back to an endpoint already tried once every one was, and waits {@code backoff}
 * first. As everywhere in the proxy, a request is retried only while none of the answer reached the client, and a POST,
 * PATCH or CONNECT, or a request whose body went out, is not.
 */
final class RuleRetry {

    private RuleRetry() {
    }

    /**
     * @param policy the rule's policy without retries (its timeouts)
     * @throws IllegalArgumentException when a value cannot be served, saying which
     */
    static RequestPolicy apply(String field, HTTPRouteRetry retry, RequestPolicy policy) {
        if (retry == null) {
            return policy;
        }
        int retries = retry.getAttempts() == null ? 1 : retry.getAttempts();
        if (retries < 0) {
            throw new IllegalArgumentException(field + ".attempts: " + retries + " is not a count (expected 0 or more)");
        }
        Set<Integer> codes = new HashSet<>();
        List<Integer> listed = retry.getCodes() == null ? List.of() : retry.getCodes();
        for (int i = 0; i < listed.size(); i++) {
            Integer code = listed.get(i);
            if (code == null || code < 400 || code > 599) {
                throw new IllegalArgumentException(field + ".codes[" + i + "]: " + code + " is not an error status (expected 400-599)");
            }
            codes.add(code);
        }
        Duration backoff = RuleTimeouts.duration(field + ".backoff", retry.getBackoff());
        // past the whole request's limit an attempt ends as timed out; another would only delay the client's 504
        boolean onTimeout = policy.requestTimeout() == null;
        NextUpstream rules = retries == 0 ? NextUpstream.OFF : new NextUpstream(true, onTimeout, true, codes, false, true, backoff);
        return new RequestPolicy(policy.connectTimeout(), policy.readTimeout(), policy.sendTimeout(), retries + 1, policy.maxBodyBytes(),
                policy.httpsRedirectStatus(), policy.strictTransportSecurity(), rules, policy.cookiePath(), policy.responseRate(),
                policy.buffering(), policy.requestTimeout(), policy.attemptTimeout());
    }
}
