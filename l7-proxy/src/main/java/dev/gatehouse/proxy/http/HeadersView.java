package dev.gatehouse.proxy.http;

import dev.gatehouse.routing.RequestView;
import io.netty.handler.codec.http.HttpRequest;

/**
 * A Netty request as the router's request matches see it. One per connection, pointed at each request in turn just for
 * its lookup, so routing costs no allocation; the routes that look at it are those of Gateway API's HTTPRoute matches.
 */
public final class HeadersView implements RequestView {

    private HttpRequest request;

    /** This view, now of {@code next}. */
    public HeadersView of(HttpRequest next) {
        request = next;
        return this;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }
}
