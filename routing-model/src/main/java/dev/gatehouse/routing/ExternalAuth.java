package dev.gatehouse.routing;

import java.time.Duration;
import java.util.List;

/**
 * External authentication by a subrequest, as ingress-nginx's {@code auth-url}: before a request is forwarded, the
 * proxy asks {@code url}; a 2xx answer lets the request through (with {@code responseHeaders} of the answer copied
 * onto it), 401 or 403 is returned to the client (401 becomes a redirect to {@code signin} when set), anything else
 * is answered 500.
 *
 * @param url             the http(s) URL asked
 * @param method          the method of the subrequest ({@code GET} by default)
 * @param signin          where a 401 sends the client, or null to pass the 401 on
 * @param responseHeaders names of the auth answer's headers copied onto the forwarded request
 * @param cacheKey        what a cached verdict is keyed by (nginx variables, e.g. {@code $remote_user$http_authorization}),
 *                        or null for no cache
 * @param cacheDuration   how long a cached verdict is kept, or null for no cache
 */
public record ExternalAuth(String url, String method, String signin, List<String> responseHeaders, String cacheKey,
                           Duration cacheDuration) {

    public ExternalAuth {
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("external auth URL \"" + url + "\" must be an http or https URL");
        }
        if (method == null || method.isEmpty()) {
            method = "GET";
        }
        responseHeaders = List.copyOf(responseHeaders);
    }
}
