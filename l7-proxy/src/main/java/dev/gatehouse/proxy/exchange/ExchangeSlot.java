package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.filter.AuthCookies;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.upstream.UpstreamConnections;
import dev.gatehouse.routing.RequestPolicy;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * The client connection's hold on its request in flight. What the client does (body pieces, writability, closing) goes
 * to whichever exchange answers it now: the forwarded one, or the exchange of the error page that replaced its answer,
 * while the rest of the replaced request's body is read and dropped.
 */
public final class ExchangeSlot implements PageTaker {

    private final Downstream downstream;
    private final ChannelHandlerContext ctx;
    private final RouteStats stats;
    private final RequestPolicy policy;
    private final UpstreamConnections connections;
    private final ProxyContext proxy;
    private final ClientInfo client;
    private Exchange current;
    // the body of the request whose answer a page replaced is still coming: dropped, and the page told when it ends
    private boolean replacedUploading;

    private ExchangeSlot(Downstream downstream, ChannelHandlerContext ctx, RouteStats stats, RequestPolicy policy,
                         UpstreamConnections connections, ProxyContext proxy, ClientInfo client) {
        this.downstream = downstream;
        this.ctx = ctx;
        this.stats = stats;
        this.policy = policy;
        this.connections = connections;
        this.proxy = proxy;
        this.client = client;
    }

    /**
     * The exchange of a request that passed its route's filters, ready to {@link #start}.
     *
     * @param policy         the route's limits, with the proxy's defaults filled in
     * @param keepAlive      whether the connection may stay open after the answer
     * @param defaultBackend the cluster serving the route's error pages, or null
     */
    public static ExchangeSlot of(Downstream downstream, ChannelHandlerContext ctx, HttpRequest request, RouteStats stats,
                                  ClusterRuntime cluster, RequestPolicy policy, RouteFilters filters,
                                  UpstreamConnections connections, ProxyContext proxy, ClientInfo client, boolean keepAlive,
                                  ClusterRuntime defaultBackend) {
        ExchangeSlot slot = new ExchangeSlot(downstream, ctx, stats, policy, connections, proxy, client);
        slot.current = new Exchange(downstream, ctx, request, stats, cluster, policy, filters, connections, proxy, client,
                keepAlive, defaultBackend, slot);
        return slot;
    }

    /**
     * Starts the exchange, which may end before this returns (no endpoint to try, say) and tell the downstream so.
     *
     * @param cookies the external auth service's cookies for the answer, or null
     */
    public void start(AuthCookies cookies) {
        current.passCookies(cookies);
        current.start();
    }

    @Override
    public void takeOver(HttpRequest pageRequest, ErrorPageHandover pages, boolean reusable, AuthCookies cookies,
                         boolean uploading) {
        Exchange page = new Exchange(downstream, ctx, pageRequest, stats, pages.cluster(), policy, pages.pageFilters(),
                connections, proxy, client, reusable, null, this);
        current = page;
        replacedUploading = uploading;
        page.passCookies(cookies);
        page.uploading(uploading);
        pages.retarget(pageRequest);
        page.requestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        page.start();
    }

    /** The next piece of the request body from the client. */
    public void requestContent(HttpContent content) {
        if (!replacedUploading) {
            current.requestContent(content);
            return;
        }
        if (content instanceof LastHttpContent) {
            replacedUploading = false;
            current.uploading(false);
        }
        content.release();
    }

    /** The rest of the client's body cannot be read. */
    public void requestMalformed() {
        if (!replacedUploading) {
            current.requestMalformed();
        }
    }

    public void onDownstreamWritability(boolean writable) {
        current.onDownstreamWritability(writable);
    }

    /** The client went away. */
    public void onDownstreamClosed() {
        current.onDownstreamClosed();
    }
}
