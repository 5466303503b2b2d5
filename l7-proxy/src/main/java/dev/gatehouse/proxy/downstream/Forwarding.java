package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.filter.AuthCookies;
import dev.gatehouse.proxy.filter.BodyLimitFilter;
import dev.gatehouse.proxy.filter.ExternalAuthClient;
import dev.gatehouse.proxy.filter.FilteredRequest;
import dev.gatehouse.proxy.filter.GlobalCounters;
import dev.gatehouse.proxy.filter.PasswordChecks;
import dev.gatehouse.proxy.filter.RequestFilter;
import dev.gatehouse.proxy.filter.RequestSlot;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.routing.RequestPolicy;
import io.netty.handler.codec.http.HttpRequest;
import java.util.function.Consumer;

/** A request on its way to a forwarding route's upstream, while its route's filters check it. */
final class Forwarding implements FilteredRequest {

    private static final RequestFilter[] BODY_LIMIT_ONLY = {BodyLimitFilter.INSTANCE};

    private final Consumer<RequestSlot> holder;
    private final ProxyContext proxy;
    private final HttpRequest request;
    private final ClientInfo client;
    private final RouteStats stats;
    private final ClusterRuntime cluster;
    private final RequestPolicy policy;
    private final RouteFilters filters;
    private final boolean keepAlive;
    private final ClusterRuntime defaultBackend;
    private AuthCookies cookies;

    Forwarding(Consumer<RequestSlot> holder, ProxyContext proxy, HttpRequest request, ClientInfo client, RouteStats stats,
               ClusterRuntime cluster, RequestPolicy policy, RouteFilters filters, boolean keepAlive, ClusterRuntime defaultBackend) {
        this.holder = holder;
        this.proxy = proxy;
        this.request = request;
        this.client = client;
        this.stats = stats;
        this.cluster = cluster;
        this.policy = policy;
        this.filters = filters;
        this.keepAlive = keepAlive;
        this.defaultBackend = defaultBackend;
    }

    /** The filters to run, in order: the route's, or, for a route without any, the body limit alone. */
    RequestFilter[] chain() {
        return filters == null ? BODY_LIMIT_ONLY : filters.chain();
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public ClientInfo client() {
        return client;
    }

    @Override
    public RouteStats stats() {
        return stats;
    }

    /** The route's filters, compiled (its response and CORS headers, for an answer that carries them). */
    RouteFilters filters() {
        return filters;
    }

    @Override
    public long maxBodyBytes() {
        return policy.maxBodyBytes();
    }

    @Override
    public PasswordChecks passwordChecks() {
        return proxy.passwordChecks();
    }

    @Override
    public ExternalAuthClient externalAuth() {
        return proxy.externalAuth();
    }

    @Override
    public GlobalCounters globalCounters() {
        return proxy.globalCounters();
    }

    @Override
    public void passCookies(AuthCookies cookies) {
        this.cookies = cookies;
    }

    /** The auth service's cookies for the client's answer, or null. */
    AuthCookies cookies() {
        return cookies;
    }

    @Override
    public void hold(RequestSlot slot) {
        holder.accept(slot);
    }

    ClusterRuntime cluster() {
        return cluster;
    }

    RequestPolicy policy() {
        return policy;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    ClusterRuntime defaultBackend() {
        return defaultBackend;
    }
}
