package dev.gatehouse.proxy.upstream;

import io.netty.handler.codec.http.HttpObject;

/**
 * What an upstream connection tells the exchange it is lent to. The seam between the upstream connections below and
 * the exchange above: {@link UpstreamHandler} knows only this.
 */
public interface UpstreamListener {

    /** A piece of the response (its head, body or end). */
    void onResponse(HttpObject piece);

    /** The connection read what there was to read for now. */
    void onUpstreamReadComplete();

    /** The connection can take request bytes again. */
    void onUpstreamWritable();

    /** The connection closed or failed; the handler has already let go of the listener. */
    void onUpstreamFailed(Throwable cause);
}
