package dev.gatehouse.proxy.balance;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/** What endpoint selection may look at: the request, its client, and the endpoints it already tried. */
public interface SelectionRequest {

    HttpRequest request();

    String clientAddress();

    /**
     * The Cookie header as the client sent it: the request sent upstream may have lost the proxy's own affinity
     * cookie by then, and a retry still needs it.
     */
    default String clientCookies() {
        return request().headers().get(HttpHeaderNames.COOKIE);
    }

    /** Whether this request already tried {@code member} (retries go elsewhere when they can). */
    boolean tried(Member member);
}
