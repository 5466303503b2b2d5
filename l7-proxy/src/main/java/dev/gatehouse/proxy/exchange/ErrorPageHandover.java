package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.filter.RouteFilters;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Error-page substitution for one exchange: whether an answer of a status is replaced, and, once it is, the second
 * exchange that fetches the page from the default backend. The first exchange then only passes on what happens to
 * the client connection; the page's exchange counts and logs the request.
 */
final class ErrorPageHandover {

    private final RouteFilters filters;
    private final ClusterRuntime pages;
    private Exchange page;

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

    /** Whether the page's exchange has the client. */
    boolean forwardsClientEvents() {
        return page != null;
    }

    /** The client sent more of the body of the request whose answer is replaced (which nobody reads). */
    void clientSent(HttpContent content) {
        if (content instanceof LastHttpContent) {
            page.clientUploadEnded();
        }
    }

    void downstreamWritability(boolean writable) {
        page.onDownstreamWritability(writable);
    }

    void downstreamClosed() {
        page.onDownstreamClosed();
    }

    /**
     * Starts the page's exchange for an answer of {@code status} to {@code replaced}'s request.
     *
     * @param reuse           whether the client connection may stay open after the page
     * @param clientUploading whether the client is still sending the body of the request whose answer is replaced
     */
    void start(Exchange replaced, int status, boolean reuse, boolean clientUploading) {
        HttpRequest request = ErrorPage.request(replaced.clientRequest(), replaced.clientTarget(), replaced.clientHost(), status,
                replaced.cluster().cluster().name(), filters, replaced.client().requestId());
        page = replaced.pageExchange(request, pages, ErrorPage.pageFilters(filters), reuse, clientUploading);
        ErrorPage.retarget(request);
        page.requestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        page.start();
    }
}
