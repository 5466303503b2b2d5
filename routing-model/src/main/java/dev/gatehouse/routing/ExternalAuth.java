package dev.gatehouse.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * External authentication by a subrequest, as ingress-nginx's {@code auth-url}: before a request is forwarded, the
 * proxy asks {@code url} with the request's headers and no body; a 2xx answer lets the request through (with
 * {@code responseHeaders} of the answer set on it, replacing the client's), 401 is passed on with the answer's
 * {@code WWW-Authenticate} (or becomes a 302 to {@code signin}), 403 is passed on, anything else, a failure or a
 * timeout is answered 500.
 *
 * @param url                 the http(s) URL asked, with request variables
 * @param method              the method of the subrequest ({@code GET} by default)
 * @param signin              where a 401 sends the client (with {@code signinRedirectParam} the original URL), or null
 *                            to pass the 401 on
 * @param signinRedirectParam the query parameter of {@code signin} that carries the original URL ({@code rd})
 * @param responseHeaders     lower-case names of the auth answer's headers set on the forwarded request
 * @param requestRedirect     the X-Auth-Request-Redirect sent to the auth service, or null for the request URI
 * @param cacheKey            what a cached answer is keyed by (with the URL), or null for no cache
 * @param cacheDurations      how long an answer is kept, by its status; status 0 stands for any status
 * @param requestHeaders      more headers sent to the auth service ({@code auth-proxy-set-headers}), by lower-case name,
 *                            their values with request variables
 * @param alwaysSetCookie     whether the Set-Cookie headers of a 2xx auth answer reach the client on every answer
 *                            ({@code auth-always-set-cookie}), not only on a 2xx or 3xx one
 */
public record ExternalAuth(RequestTemplate url, String method, RequestTemplate signin, String signinRedirectParam,
                           List<String> responseHeaders, RequestTemplate requestRedirect, RequestTemplate cacheKey,
                           Map<Integer, Duration> cacheDurations, Map<String, RequestTemplate> requestHeaders,
                           boolean alwaysSetCookie) {

    /** An external auth whose cookies reach the client on 2xx and 3xx answers only. */
    public ExternalAuth(RequestTemplate url, String method, RequestTemplate signin, String signinRedirectParam,
                        List<String> responseHeaders, RequestTemplate requestRedirect, RequestTemplate cacheKey,
                        Map<Integer, Duration> cacheDurations, Map<String, RequestTemplate> requestHeaders) {
        this(url, method, signin, signinRedirectParam, responseHeaders, requestRedirect, cacheKey, cacheDurations, requestHeaders,
                false);
    }

    public ExternalAuth {
        if (url == null || !(url.text().startsWith("http://") || url.text().startsWith("https://"))) {
            throw new IllegalArgumentException("external auth URL \"" + (url == null ? null : url.text())
                    + "\" must be an http or https URL");
        }
        if (method == null || method.isEmpty()) {
            method = "GET";
        }
        if (!method.matches("[A-Z]{1,20}")) {
            throw new IllegalArgumentException("external auth method \"" + method + "\" must be an upper-case HTTP method");
        }
        if (signinRedirectParam == null || signinRedirectParam.isEmpty()) {
            signinRedirectParam = "rd";
        }
        if (!signinRedirectParam.matches("[A-Za-z0-9_.~-]+")) {
            throw new IllegalArgumentException("sign-in redirect parameter \"" + signinRedirectParam + "\" must be a plain word");
        }
        for (String name : responseHeaders) {
            if (!name.matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
                throw new IllegalArgumentException("auth response header \"" + name + "\" must be a lower-case token");
            }
        }
        responseHeaders = List.copyOf(responseHeaders);
        cacheDurations.forEach((status, duration) -> {
            if (status != 0 && (status < 100 || status > 599) || duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("auth cache duration " + duration + " for status " + status
                        + " must be positive, for a status of 100-599 or 0 for any");
            }
        });
        cacheDurations = java.util.Collections.unmodifiableMap(new TreeMap<>(cacheDurations));
        for (String name : requestHeaders.keySet()) {
            if (!name.matches("[!#$%&'*+.^_`|~0-9a-z-]+")) {
                throw new IllegalArgumentException("auth request header \"" + name + "\" must be a lower-case token");
            }
        }
        requestHeaders = java.util.Collections.unmodifiableMap(new TreeMap<>(requestHeaders));
    }

    @Override
    public String toString() {
        // URLs may carry user info or tokens and the headers sent keys: logs (debug routes, errors) get names only
        return "ExternalAuth[url=" + origin(url) + ", method=" + method + ", signin=" + (signin == null ? null : origin(signin))
                + ", responseHeaders=" + responseHeaders + ", requestHeaders=" + requestHeaders.keySet() + ", cached="
                + (cacheKey != null) + ", alwaysSetCookie=" + alwaysSetCookie + "]";
    }

    /** {@code scheme://host[:port]} of a URL template without its user info, and "/…" for whatever follows. */
    private static String origin(RequestTemplate template) {
        String text = template.text();
        int scheme = text.indexOf("://");
        if (scheme < 0) {
            return "…";
        }
        int end = scheme + 3;
        while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        String authority = text.substring(scheme + 3, end);
        return text.substring(0, scheme + 3) + authority.substring(authority.lastIndexOf('@') + 1) + (end < text.length() ? "/…" : "");
    }

    /** How long an answer of {@code status} is cached; null when it is not. */
    public Duration cacheDuration(int status) {
        if (cacheKey == null) {
            return null;
        }
        Duration duration = cacheDurations.get(status);
        return duration != null ? duration : cacheDurations.get(0);
    }
}
