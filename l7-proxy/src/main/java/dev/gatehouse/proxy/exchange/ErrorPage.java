package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.downstream.DownstreamHandler;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.http.RequestIds;
import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ErrorPages;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.Tracing;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;

/**
 * A route's default backend and custom errors ({@link ErrorPages}), as ingress-nginx's {@code default-backend} and
 * {@code custom-http-errors}. {@link DownstreamHandler} finds the default backend in the same live routing it routed
 * the request with; {@link Exchange} sends the request there when the route's cluster has no endpoint, and, when an
 * answer has one of the route's statuses, asks the default backend for the page instead, with the headers
 * ingress-nginx sends ({@code X-Code}, {@code X-Format}, {@code X-Original-URI}, {@code X-Namespace},
 * {@code X-Ingress-Name}, {@code X-Service-Name}, {@code X-Service-Port}, {@code X-Request-ID}), and relays its
 * answer, status included, unchanged. A default backend that stands in for a Service without endpoints is told the
 * same (X-Code 503) on the client's own request.
 */
public final class ErrorPage {

    private static final AsciiString X_CODE = AsciiString.cached("x-code");
    private static final AsciiString X_FORMAT = AsciiString.cached("x-format");
    private static final AsciiString X_ORIGINAL_URI = AsciiString.cached("x-original-uri");
    private static final AsciiString X_NAMESPACE = AsciiString.cached("x-namespace");
    private static final AsciiString X_INGRESS_NAME = AsciiString.cached("x-ingress-name");
    private static final AsciiString X_SERVICE_NAME = AsciiString.cached("x-service-name");
    private static final AsciiString X_SERVICE_PORT = AsciiString.cached("x-service-port");
    /**
     * What the page's exchange is filtered by when the route keeps its requests out of the access log, or out of traces.
     * The page's exchange continues the trace of the answer it replaces, whose context alone its request carries.
     */
    private static final RouteFilters UNLOGGED = pageFilters(false, true);
    private static final RouteFilters UNTRACED = pageFilters(true, false);
    private static final RouteFilters UNLOGGED_UNTRACED = pageFilters(false, false);

    private ErrorPage() {
    }

    /**
     * The default backend of a route with these filters in {@code live}: its own, else, when it has custom errors, the
     * snapshot's (the cluster of a fallback route that forwards); null when it has none.
     */
    public static ClusterRuntime defaultBackend(LiveRouting live, RouteFilters filters) {
        ErrorPages pages = filters == null ? null : filters.errorPages();
        if (pages == null) {
            return null;
        }
        if (pages.backend() != null) {
            return live.cluster(pages.backend());
        }
        return live.snapshot().fallback().action() instanceof RouteAction.Forward fallback ? live.cluster(fallback.cluster()) : null;
    }

    /** Whether the route's own default backend serves the request, because the route's cluster has no endpoint. */
    static boolean standsIn(RouteFilters filters, ClusterRuntime cluster, ClusterRuntime defaultBackend) {
        return defaultBackend != null && cluster.members().length == 0 && filters.errorPages().backend() != null;
    }

    /**
     * Tells the default backend that stands in for {@code cluster} what ingress-nginx tells it: that the route's Service
     * could not answer (X-Code 503), the format asked for, the original target, and the route's namespace, Ingress,
     * Service and port. The request keeps its method, target and body.
     */
    static void tellStandIn(HttpRequest request, ClusterName cluster, RouteFilters filters) {
        HttpHeaders headers = request.headers();
        String accept = headers.get(HttpHeaderNames.ACCEPT);
        if (accept != null) {
            headers.set(X_FORMAT, accept);
        } else {
            headers.remove(X_FORMAT);
        }
        headers.set(X_CODE, "503");
        headers.set(X_ORIGINAL_URI, request.uri());
        headers.set(X_NAMESPACE, cluster.namespace());
        headers.set(X_INGRESS_NAME, filters.errorPages().ingress());
        headers.set(X_SERVICE_NAME, cluster.service());
        headers.set(X_SERVICE_PORT, cluster.port());
    }

    /**
     * Where the pages of the route's custom errors come from, or null when it has none. The snapshot's default backend
     * serves only routes whose cluster is of its own namespace: the page's request tells the route's host, target,
     * namespace and Service, which another tenant's default backend is not to learn. Elsewhere the statuses pass through
     * (the translator says so).
     *
     * @param cluster the route's cluster, of the namespace of the route's Ingress
     */
    static ClusterRuntime pages(RouteFilters filters, ClusterRuntime defaultBackend, ClusterRuntime cluster) {
        if (defaultBackend == null || filters.errorPages().statuses().isEmpty()) {
            return null;
        }
        boolean own = filters.errorPages().backend() != null;
        return own || defaultBackend.cluster().name().namespace().equals(cluster.cluster().name().namespace()) ? defaultBackend : null;
    }

    /** Whether an answer of {@code status} is replaced by a page. */
    static boolean replaces(RouteFilters filters, int status) {
        return filters.errorPages().statuses().contains(status);
    }

    /** What the page's exchange is filtered by: nothing, but the route's access log and tracing switches. */
    static RouteFilters pageFilters(RouteFilters filters) {
        if (filters.logged()) {
            return filters.traced() ? null : UNTRACED;
        }
        return filters.traced() ? UNLOGGED : UNLOGGED_UNTRACED;
    }

    private static RouteFilters pageFilters(boolean logged, boolean traced) {
        return RouteFilters.compile("error page", RequestFilters.NONE.withAccessLog(logged).withTracing(new Tracing(traced, true)), null);
    }

    /**
     * The request for the page of an answer of {@code status} to the client's request: at first under the client's
     * method and target, so that the page's exchange logs the request as the client made it, until {@link #retarget}.
     *
     * @param client     the client's request (its headers, which the upstream hop may have changed only by the route's own)
     * @param uri        the target the client asked for
     * @param host       the Host the client asked for, or null
     * @param cluster    the cluster whose answer is replaced
     */
    static HttpRequest request(HttpRequest client, String uri, String host, int status, ClusterName cluster, RouteFilters filters,
                               CharSequence requestId) {
        HttpRequest page = new DefaultHttpRequest(client.protocolVersion(), client.method(), uri);
        HttpHeaders headers = page.headers();
        if (host != null) {
            headers.set(HttpHeaderNames.HOST, host);
        }
        String accept = client.headers().get(HttpHeaderNames.ACCEPT);
        if (accept != null) {
            headers.set(HttpHeaderNames.ACCEPT, accept);
            headers.set(X_FORMAT, accept);
        }
        headers.set(X_CODE, Integer.toString(status));
        headers.set(X_ORIGINAL_URI, uri);
        headers.set(X_NAMESPACE, cluster.namespace());
        headers.set(X_INGRESS_NAME, filters.errorPages().ingress());
        headers.set(X_SERVICE_NAME, cluster.service());
        headers.set(X_SERVICE_PORT, cluster.port());
        headers.set(RequestIds.X_REQUEST_ID, requestId);
        return page;
    }

    /** The page itself is asked for as ingress-nginx asks: {@code GET /} (HEAD for a HEAD request), without a body. */
    static void retarget(HttpRequest page) {
        page.setMethod(HttpMethod.HEAD.equals(page.method()) ? HttpMethod.HEAD : HttpMethod.GET);
        page.setUri("/");
    }
}
