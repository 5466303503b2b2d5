package dev.gatehouse.proxy.corpus;

import java.util.Locale;

/**
 * A request as a strict parser reads it: what an upstream would act on.
 *
 * @param method    the method, case as sent
 * @param target    the origin-form target (an absolute-form target reduced to its path and query)
 * @param authority the effective host, normalised by {@link #normalAuthority}: the absolute-form authority or
 *                  the Host field; null if none
 * @param body      the decoded body (chunked framing removed), one char per byte
 */
public record SeenRequest(String method, String target, String authority, String body) {

    /** Whether an upstream receiving {@code forwarded} acts on this same request: authority compared only when known. */
    public boolean sameAs(SeenRequest forwarded) {
        return method.equals(forwarded.method) && target.equals(forwarded.target) && body.equals(forwarded.body)
                && (authority == null || forwarded.authority != null && authority.equals(forwarded.authority));
    }

    String summary() {
        return method + " " + target + (body.isEmpty() ? "" : " +" + body.length() + "B");
    }

    /** An authority without case, an empty port or the default port 80 (the corpus speaks plain-text HTTP). */
    static String normalAuthority(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT).replaceFirst(":(80)?$", "");
    }
}
