package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.balance.SelectionRequest;
import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.routing.SessionAffinity;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * What endpoint selection sees of one exchange's request. An affinity cookie kept from the upstream (HAProxy's
 * {@code indirect}) is taken out of the request sent on, so the client's Cookie header is remembered for every retry.
 */
final class ExchangeSelection implements SelectionRequest {

    private final HttpRequest request;
    private final ClientInfo client;
    private final Attempts attempts;
    private final String ownCookie;
    private final String clientCookies;

    ExchangeSelection(HttpRequest request, ClientInfo client, Attempts attempts, SessionAffinity affinity) {
        this.request = request;
        this.client = client;
        this.attempts = attempts;
        this.ownCookie = affinity != null && affinity.indirect() ? affinity.cookieName() : null;
        this.clientCookies = ownCookie == null ? null : request.headers().get(HttpHeaderNames.COOKIE);
    }

    /** The affinity cookie to take out of the request sent upstream, or null. */
    String ownCookie() {
        return ownCookie;
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public String clientCookies() {
        return ownCookie == null ? request.headers().get(HttpHeaderNames.COOKIE) : clientCookies;
    }

    @Override
    public String clientAddress() {
        return client.client().toString();
    }

    @Override
    public boolean tried(Member candidate) {
        return attempts.tried(candidate);
    }
}
