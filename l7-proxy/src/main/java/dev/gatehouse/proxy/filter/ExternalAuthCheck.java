package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.http.LocalResponses;
import dev.gatehouse.proxy.http.RequestVariables;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.routing.ExternalAuth;
import dev.gatehouse.routing.RequestTemplate;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The external authentication of one route, compiled once per snapshot (see {@link RouteFilters}): builds the
 * subrequest of a downstream request the way ingress-nginx's auth location does (the request's headers without its
 * body, X-Original-URL, X-Original-Method, X-Sent-From, X-Real-IP, X-Forwarded-For/-Proto/-Host,
 * X-Auth-Request-Redirect), and turns the answer into what the client gets: on to the upstream (with the answer's
 * chosen headers set on the request), 401 (with the service's WWW-Authenticate) or a 302 to the sign-in page, 403,
 * or 500.
 */
public final class ExternalAuthCheck {

    /** What the client is answered instead of being forwarded; {@code header} may be null. */
    record Refusal(int status, String body, CharSequence header, String value) {
    }

    private static final String WWW_AUTHENTICATE = "www-authenticate";
    // what the JDK client sets itself, what describes the downstream hop, and what belongs to the body
    private static final Set<String> NOT_SENT = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "proxy-authorization", "http2-settings",
            "x-original-url", "x-original-method", "x-sent-from", "x-real-ip", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-auth-request-redirect");
    private static final Set<String> HTTP2_EXTENSIONS = Set.of(
            HttpConversionUtil.ExtensionHeaderNames.STREAM_ID.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.SCHEME.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.PATH.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.STREAM_PROMISE_ID.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.STREAM_DEPENDENCY_ID.text().toString(),
            HttpConversionUtil.ExtensionHeaderNames.STREAM_WEIGHT.text().toString());

    private final ExternalAuth model;
    private final List<RequestTemplate.Part> url;
    private final URI constantUrl;
    private final List<RequestTemplate.Part> signin;
    private final List<RequestTemplate.Part> requestRedirect;
    private final List<RequestTemplate.Part> cacheKey;
    private final List<String> kept;
    private final Map<String, List<RequestTemplate.Part>> requestHeaders = new java.util.TreeMap<>();

    private ExternalAuthCheck(ExternalAuth model) {
        this.model = model;
        this.url = model.url().parts();
        this.constantUrl = model.url().constant() ? uri(model.url().text()) : null;
        this.signin = model.signin() == null ? null : model.signin().parts();
        this.requestRedirect = model.requestRedirect() == null ? null : model.requestRedirect().parts();
        this.cacheKey = model.cacheKey() == null ? null : model.cacheKey().parts();
        List<String> names = new ArrayList<>(model.responseHeaders());
        names.add(WWW_AUTHENTICATE);
        this.kept = List.copyOf(names);
        model.requestHeaders().forEach((name, value) -> requestHeaders.put(name, value.parts()));
    }

    /** The check of {@code model}; a URL that turns out not to be one fails each request (500), never lets it through. */
    static ExternalAuthCheck compile(ExternalAuth model) {
        return new ExternalAuthCheck(model);
    }

    private static URI uri(String text) {
        try {
            return URI.create(text);
        } catch (IllegalArgumentException notAUrl) {
            return null;
        }
    }

    /**
     * Asks the auth service about {@code request} (read here, on the event loop; the answer comes on another thread).
     *
     * @param route the route the request matched, whose answers alone a cached answer may serve
     */
    CompletableFuture<ExternalAuthClient.Answer> ask(HttpRequest request, ClientInfo client, ExternalAuthClient auth,
                                                     RouteStats route) {
        java.net.http.HttpRequest subrequest;
        try {
            subrequest = subrequest(request, client);
        } catch (IllegalArgumentException notAUrl) {
            return CompletableFuture.completedFuture(ExternalAuthClient.Answer.FAILED);
        }
        // Scoped like ingress-nginx's cache (server, location, then the configured key): an auth service sees the
        // original URL and may answer per path, so an allow for one route or host must never let another through.
        // The URL, method and kept headers too: routes that ask differently never share an answer.
        String key = cacheKey == null ? null : request.headers().get(HttpHeaderNames.HOST) + "\n" + route.virtualHost() + "\n"
                + route.route() + "\n" + subrequest.uri() + "\n" + model.method() + "\n" + kept + "\n"
                + RequestVariables.expand(cacheKey, request, client);
        return auth.ask(subrequest, key, this::cacheDuration, kept);
    }

    private Duration cacheDuration(int status) {
        return status <= 0 ? null : model.cacheDuration(status);
    }

    private java.net.http.HttpRequest subrequest(HttpRequest request, ClientInfo client) {
        URI target = constantUrl != null ? constantUrl : URI.create(RequestVariables.expand(url, request, client));
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(ExternalAuthClient.ANSWER_SECONDS))
                .method(model.method(), java.net.http.HttpRequest.BodyPublishers.noBody());
        Set<String> named = connectionOptions(request.headers().getAll(HttpHeaderNames.CONNECTION));
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (NOT_SENT.contains(name) || named.contains(name) || HTTP2_EXTENSIONS.contains(name) || name.startsWith(":")) {
                continue;
            }
            try {
                builder.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException restricted) {
                // a header the JDK client sets itself (Date, Via, ...): the auth service gets the client's own
            }
        }
        requestHeaders.forEach((name, value) -> {
            try {
                builder.setHeader(name, RequestVariables.expand(value, request, client));
            } catch (IllegalArgumentException restricted) {
                // a header the JDK client sets itself; the translator refuses those it knows of
            }
        });
        String host = RequestVariables.value("http_host", request, client);
        String uri = request.uri();
        String scheme = client.scheme().toString();
        String redirect = requestRedirect == null ? uri : RequestVariables.expand(requestRedirect, request, client);
        builder.setHeader("X-Original-URL", scheme + "://" + host + uri)
                .setHeader("X-Original-Method", request.method().name())
                .setHeader("X-Sent-From", "gatehouse")
                .setHeader("X-Real-IP", client.client().toString())
                .setHeader("X-Forwarded-For", client.client().toString())
                .setHeader("X-Forwarded-Proto", scheme)
                .setHeader("X-Forwarded-Host", host)
                .setHeader("X-Auth-Request-Redirect", redirect)
                .setHeader("X-Request-ID", client.requestId().toString());
        return builder.build();
    }

    /**
     * The lower-case names a request's Connection headers list (RFC 9110 section 7.6.1), which describe the downstream hop
     * only. A client may repeat one ({@code keep-alive, keep-alive}) or send several headers: that is no error.
     */
    private static Set<String> connectionOptions(List<String> connection) {
        if (connection.isEmpty()) {
            return Set.of();
        }
        Set<String> named = new HashSet<>();
        for (String value : connection) {
            for (String option : value.split(",")) { // one character: split compiles no pattern
                named.add(option.trim().toLowerCase(Locale.ROOT));
            }
        }
        return named;
    }

    /** What the client gets for {@code answer}, or null when the request goes on to the upstream. */
    Refusal refusal(ExternalAuthClient.Answer answer, HttpRequest request, ClientInfo client) {
        int status = answer.status();
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status == 401 && signin != null) {
            String location = signinLocation(request, client);
            return new Refusal(302, LocalResponses.text(302, "sign in at " + location), HttpHeaderNames.LOCATION, location);
        }
        if (status == 401) {
            return new Refusal(401, LocalResponses.text(401, "the authentication service did not accept the request"),
                    answer.headers().containsKey(WWW_AUTHENTICATE) ? HttpHeaderNames.WWW_AUTHENTICATE : null,
                    answer.headers().get(WWW_AUTHENTICATE));
        }
        if (status == 403) {
            return new Refusal(403, LocalResponses.text(403, "the authentication service denied the request"), null, null);
        }
        if (answer == ExternalAuthClient.Answer.BUSY) {
            return new Refusal(503, LocalResponses.text(503, "too many requests are being authenticated; try again shortly"),
                    null, null);
        }
        return new Refusal(500, LocalResponses.text(500, "the authentication service could not be asked"), null, null);
    }

    /** As ingress-nginx: the sign-in URL with the original URL in its redirect parameter, unless it carries one. */
    private String signinLocation(HttpRequest request, ClientInfo client) {
        String location = RequestVariables.expand(signin, request, client);
        String param = model.signinRedirectParam();
        int query = location.indexOf('?');
        if (query >= 0 && ("&" + location.substring(query + 1)).contains("&" + param + "=")) {
            return location;
        }
        String original = client.scheme() + "://" + RequestVariables.value("http_host", request, client)
                + RequestVariables.escaped(request.uri());
        return location + (query < 0 ? "?" : "&") + param + "=" + original;
    }

    /** The Set-Cookie headers of a passing answer, for the client's answer; null when it sets none. */
    AuthCookies cookies(ExternalAuthClient.Answer answer) {
        return answer.cookies().isEmpty() ? null : new AuthCookies(answer.cookies(), model.alwaysSetCookie());
    }

    /** Sets the answer's chosen headers on the request (the client's own of those names never pass). */
    void applyTo(HttpRequest request, ExternalAuthClient.Answer answer) {
        for (String name : model.responseHeaders()) {
            request.headers().remove(name);
            String value = answer.headers().get(name);
            if (value != null && value.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                request.headers().set(name, value);
            }
        }
    }
}
