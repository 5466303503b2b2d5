package dev.gatehouse.proxy.filter;

import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.observe.RouteStats;
import io.netty.handler.codec.http.HttpRequest;

/** What a {@link RequestFilter} may look at, and use, for one request. */
public interface FilteredRequest {

    HttpRequest request();

    ClientInfo client();

    RouteStats stats();

    /** The most body bytes the route takes; negative for no limit. */
    long maxBodyBytes();

    /** Basic auth's password verification, off the event loops. */
    PasswordChecks passwordChecks();

    /** External auth's subrequests and their cache, off the event loops. */
    ExternalAuthClient externalAuth();

    /** The counters of global rate limits, in memcached. */
    GlobalCounters globalCounters();

    /** Keeps the auth service's cookies for the answer the client gets, the upstream's or the proxy's own. */
    void passCookies(AuthCookies cookies);

    /** Keeps the request's place among its client's requests in flight until the request ends, however it ends. */
    void hold(RequestSlot slot);
}
