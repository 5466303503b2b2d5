package dev.gatehouse.proxy.balance;

import io.netty.handler.codec.http.HttpRequest;

/** What endpoint selection may look at: the request, its client, and the endpoints it already tried. */
public interface SelectionRequest {

    HttpRequest request();

    String clientAddress();

    /** Whether this request already tried {@code member} (retries go elsewhere when they can). */
    boolean tried(Member member);
}
