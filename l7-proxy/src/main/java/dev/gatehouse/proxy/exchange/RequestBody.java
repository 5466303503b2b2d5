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
import java.io.IOException;

/**
 * The client's request on its way upstream: its head, its body within the route's limit (held by the
 * {@link UpstreamLeg} while there is no connection, or read completely first by a {@link BufferedBody}), the copy for a
 * mirror, and whether it can still be sent again. Bodies are not kept once sent, so only a body-less request can be
 * replayed.
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
        TOO_LARGE,
        /** The end of a buffered body: an upstream can be chosen now. */
        BUFFERED,
        /** A buffered body could not be stored: dropped. */
        UNSTORED
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
    private final BufferedBody buffered;

    /**
     * @param limit    the most body bytes the route takes; negative for no limit
     * @param buffered where the body waits until it is complete, or null to stream it
     */
    RequestBody(HttpRequest request, long limit, BufferedBody buffered) {
        this.request = request;
        this.buffered = buffered;
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
        if (buffered != null) {
            sent |= buffered.size() > 0;
            writeBuffered(upstream);
            return;
        }
        if (complete && !(request instanceof LastHttpContent) && !leg.holding()) {
            // a replay: the end of the request was sent on the broken connection
            upstream.write(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
        }
        // a body that went out is gone: the request can no longer be replayed
        sent |= leg.writeHeld();
        upstream.flush();
    }

    /**
     * Sends more of a buffered body, as far as the upstream takes it; returns whether all of it went out. A file that
     * cannot be read back closes the connection, so the upstream never takes a cut body for a whole one.
     */
    boolean writeBuffered(Channel upstream) {
        try {
            return buffered.writeTo(upstream);
        } catch (IOException e) {
            BufferedBody.unreadable(e);
            upstream.close();
            return false;
        } finally {
            upstream.flush();
        }
    }

    /** Whether a buffered body is on its way upstream, not all of it sent yet. */
    boolean sendingBuffered() {
        return buffered != null && buffered.sending();
    }

    /** Whether the body is read completely before an upstream is chosen, and is not complete yet. */
    boolean buffering() {
        return buffered != null && !complete;
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
        if (buffered != null) {
            return buffer(content, last);
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

    private Relayed buffer(HttpContent content, boolean last) {
        try {
            buffered.add(content);
        } catch (IOException e) {
            BufferedBody.unstorable(e);
            return Relayed.UNSTORED;
        }
        if (!last) {
            return Relayed.HELD;
        }
        buffered.frame(request);
        return Relayed.BUFFERED;
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
        if (buffered != null) {
            buffered.discard();
        }
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
