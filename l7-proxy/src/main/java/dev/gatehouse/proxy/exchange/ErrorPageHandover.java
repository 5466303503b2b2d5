package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.routing.ClusterName;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Error-page substitution for one exchange: whether an answer of a status is replaced, and the request, cluster and
 * filters of the second exchange that fetches the page from the default backend. The first exchange then only passes
 * on what happens to the client connection; the page's exchange counts and logs the request.
 */
final class ErrorPageHandover {

    private final RouteFilters filters;
    private final ClusterRuntime pages;

    private ErrorPageHandover(RouteFilters filters, ClusterRuntime pages) {
        this.filters = filters;
        this.pages = pages;
    }

    /** The substitution of a route with custom errors and a default backend that may serve them; null otherwise. */
    static ErrorPageHandover of(RouteFilters filters, ClusterRuntime defaultBackend, ClusterRuntime cluster) {
        ClusterRuntime pages = defaultBackend == null ? null : ErrorPage.pages(filters, defaultBackend, cluster);
        return pages == null ? null : new ErrorPageHandover(filters, pages);
    }

    /** Whether an answer of {@code status} is replaced by a page. */
    boolean replaces(int status) {
        return ErrorPage.replaces(filters, status);
    }

    /**
     * The request for the page of an answer of {@code status} to the client's {@code request}, whose target and host
     * the client sent as {@code target} and {@code host}; its own target is set by {@link #retarget} once its exchange
     * has recorded the client's for the access log.
     */
    HttpRequest request(HttpRequest request, String target, String host, int status, ClusterName clusterName, CharSequence requestId) {
        return ErrorPage.request(request, target, host, status, clusterName, filters, requestId);
    }

    void retarget(HttpRequest page) {
        ErrorPage.retarget(page);
    }

    /** The default backend, which serves the pages. */
    ClusterRuntime cluster() {
        return pages;
    }

    /** The filters of the page's exchange. */
    RouteFilters pageFilters() {
        return ErrorPage.pageFilters(filters);
    }
}
