package dev.gatehouse.proxy.udp;

import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.balance.SelectionRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/**
 * What selection sees of a new UDP session: its client address, which a consistent hash hashes; no headers, no cookies.
 * A session tries one endpoint: a datagram that is lost is the client's to send again.
 */
record UdpClient(String clientAddress) implements SelectionRequest {

    private static final HttpRequest NO_REQUEST =
            new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", EmptyHttpHeaders.INSTANCE);

    @Override
    public HttpRequest request() {
        return NO_REQUEST;
    }

    @Override
    public boolean tried(Member member) {
        return false;
    }
}
