package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.filter.AuthCookies;
import io.netty.handler.codec.http.HttpRequest;

/**
 * What takes the client over when an error page replaces an exchange's answer: it starts the page's exchange on the
 * same connection, and from then on passes the client's events to it.
 */
interface PageTaker {

    /**
     * @param pageRequest the request for the page, with the client's target until {@code pages} retargets it
     * @param reusable    whether the connection may stay open after the page
     * @param cookies     the external auth service's cookies for the page's answer, or null
     * @param uploading   whether the client is still sending the body of the request whose answer the page replaces
     */
    void takeOver(HttpRequest pageRequest, ErrorPageHandover pages, boolean reusable, AuthCookies cookies, boolean uploading);
}
