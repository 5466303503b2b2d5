package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.filter.RequestMirror;
import dev.gatehouse.routing.NextUpstream;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * The client's request on its way upstream: its head, its body within the route's limit (held by the
 * {@link UpstreamLeg} while there is no connection), the copy for a mirror, and whether it can still be sent again.
 * Bodies stream through and are not kept, so only a body-less request can be replayed.
 */
public final class RequestBody {

    /** What became of a piece of the body. */
    enum Relayed {
        /** Kept until there is a connection. */
        HELD,
        /** Sent. */
        SENT,
        /** Sent, and the upstream can take no more for now. */
        BLOCKED,
        /** The end of the request was sent. */
        COMPLETE,
        /** Past the body limit: dropped. */
        TOO_LARGE
    }

    private final HttpRequest request;
    private final long limit;
    private final boolean http10;
    private final boolean head;
    private final boolean expectContinue;
    private boolean complete;
    private boolean headWritten;
    private boolean sent;
    private long bytes;
    private RequestMirror.Copy mirror;

    /** @param limit the most body bytes the route takes; negative for no limit */
    public RequestBody(HttpRequest request, long limit) {
        this.request = request;
        this.limit = limit;
        this.http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        this.head = HttpMethod.HEAD.equals(request.method());
        this.expectContinue = HttpUtil.is100ContinueExpected(request);
        this.complete = request instanceof LastHttpContent;
    }

    void mirror(RequestMirror.Copy copy) {
        mirror = copy;
    }

    /** Sends the head, and what was held of the body, on a new attempt's connection. */
    void sendHead(Channel upstream, UpstreamLeg leg) {
        headWritten = true;
        upstream.write(request, upstream.voidPromise());
        if (complete && !(request instanceof LastHttpContent) && !leg.holding()) {
            // a replay: the end of the request was sent on the broken connection
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
        }
        // a body that went out is gone: the request can no longer be replayed
        sent |= leg.writeHeld();
        upstream.flush();
    }

    /** Sends the next piece of the body on {@code upstream}, or holds it while that is null. */
    Relayed relay(HttpContent content, Channel upstream, UpstreamLeg leg) {
        boolean last = content instanceof LastHttpContent;
        bytes += content.content().readableBytes();
        if (limit >= 0 && bytes > limit) {
            content.release();
            return Relayed.TOO_LARGE;
        }
        complete |= last;
        if (mirror != null) {
            mirror = mirror.content(content, last);
        }
        if (upstream == null) {
            leg.hold(content);
            return Relayed.HELD;
        }
        sent |= UpstreamLeg.carriesBody(content);
        upstream.writeAndFlush(content, upstream.voidPromise());
        if (last) {
            return Relayed.COMPLETE;
        }
        return upstream.isWritable() ? Relayed.SENT : Relayed.BLOCKED;
    }

    /** Whether the request can go again, to another endpoint or on a new connection. */
    boolean replayable(NextUpstream rules) {
        if (!complete || sent || request instanceof HttpContent) {
            return false;
        }
        HttpMethod method = request.method();
        return rules.nonIdempotent() || !HttpMethod.POST.equals(method) && !HttpMethod.PATCH.equals(method)
                && !HttpMethod.CONNECT.equals(method);
    }

    /** The exchange ended: the held body and the mirror's copy are dropped. */
    void drop(UpstreamLeg leg) {
        if (mirror != null) {
            mirror.drop();
            mirror = null;
        }
        leg.dropHeld();
    }

    /** The exchange ended before the head went out: nobody else will free it (an HTTP/2 request, say). */
    void releaseUnsent() {
        if (!headWritten) {
            ReferenceCountUtil.release(request);
            headWritten = true;
        }
    }

    /** Whether the client sent the whole request. */
    boolean complete() {
        return complete;
    }

    /** Whether body bytes went upstream. */
    boolean sent() {
        return sent;
    }

    long bytes() {
        return bytes;
    }

    long limit() {
        return limit;
    }

    boolean http10() {
        return http10;
    }

    boolean head() {
        return head;
    }

    boolean expectsContinue() {
        return expectContinue;
    }
}
