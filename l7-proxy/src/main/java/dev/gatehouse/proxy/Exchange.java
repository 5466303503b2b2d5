package dev.gatehouse.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.pool.ChannelPool;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.FutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request forwarded to an upstream and its response relayed back.
 *
 * <p>Created by {@link DownstreamHandler} for a route that forwards; lives on the downstream channel's
 * event loop, which is also the loop of the pooled upstream channel it borrows. Bodies stream in both
 * directions and never pile up: the next request chunk is read from the client only while the upstream
 * is writable, and the upstream is read only while the client is writable.
 *
 * <p>Before any response byte has reached the client, a failure becomes a local 502 (connection refused
 * or reset) or 504 (read timeout); after that, the client connection is closed so it sees a truncated
 * response rather than a wrong one. A body-less idempotent request whose pooled connection turns out to be
 * dead is sent once more on a fresh connection.
 */
final class Exchange implements FutureListener<Channel>, Runnable {

    private static final Logger log = LoggerFactory.getLogger(Exchange.class);
    private static final int MAX_ATTEMPTS = 2;

    private final DownstreamHandler downstream;
    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final RouteStats stats;
    private final ClusterRuntime cluster;
    private final UpstreamPools pools;
    private final ProxyMetrics metrics;
    private final long readTimeoutNanos;
    private final boolean keepAlive;
    private final boolean http10;
    private final boolean head;
    private final boolean expectContinue;
    private final long startNanos = System.nanoTime();

    private UpstreamEndpoint endpoint;
    private ChannelPool pool;
    private Channel upstream;
    private int attempts;
    private boolean reusedConnection;
    private boolean requestHeadWritten;
    private boolean requestComplete;
    private boolean requestBodySent;
    private boolean responseStarted;
    private boolean skippingInformational;
    private boolean upstreamReusable;
    private boolean closeDownstream;
    private boolean done;
    private int status;
    private long lastUpstreamActivity;
    private ScheduledFuture<?> readTimeout;

    Exchange(DownstreamHandler downstream, ChannelHandlerContext ctx, HttpRequest request, RouteStats stats,
             ClusterRuntime cluster, UpstreamPools pools, ProxyMetrics metrics, long readTimeoutNanos,
             boolean keepAlive) {
        this.downstream = downstream;
        this.ctx = ctx;
        this.request = request;
        this.stats = stats;
        this.cluster = cluster;
        this.pools = pools;
        this.metrics = metrics;
        this.readTimeoutNanos = readTimeoutNanos;
        this.keepAlive = keepAlive;
        this.http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        this.head = HttpMethod.HEAD.equals(request.method());
        this.expectContinue = HttpUtil.is100ContinueExpected(request);
        this.requestComplete = request instanceof LastHttpContent;
    }

    /**
     * Rewrites the request for the upstream hop and starts borrowing a connection.
     *
     * @param host   the Host the client asked for, or null
     * @param client the client's IP address
     * @param port   the listener port, as text
     */
    void start(String host, String client, String port) {
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        HttpHeaders headers = request.headers();
        HopByHopHeaders.strip(headers);
        headers.remove(HttpHeaderNames.EXPECT);
        if (chunked) {
            HttpUtil.setTransferEncodingChunked(request, true);
        }
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        ForwardedHeaders.set(headers, host, client, "http", port);
        connect();
    }

    private void connect() {
        attempts++;
        endpoint = cluster.selector().select();
        if (endpoint == null) {
            fail(503, "no ready endpoint for this route");
            return;
        }
        pool = pools.pool(endpoint);
        pool.acquire().addListener(this);
    }

    /** A pooled or new upstream connection is ready, or could not be opened. */
    @Override
    public void operationComplete(Future<Channel> acquired) {
        if (!acquired.isSuccess()) {
            if (!done) {
                log.debug("connect to {} for cluster {} failed", endpoint, cluster.name(), acquired.cause());
                metrics.upstreamError(cluster, "connect");
                fail(502, "could not connect to the upstream");
            }
            return;
        }
        Channel channel = acquired.getNow();
        if (done) {
            pool.release(channel);
            return;
        }
        upstream = channel;
        reusedConnection = channel.attr(UpstreamHandler.KEY).get().attach(this);
        upstreamReusable = true;
        lastUpstreamActivity = System.nanoTime();
        if (readTimeout == null) {
            readTimeout = ctx.executor().schedule(this, readTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        requestHeadWritten = true;
        if (requestComplete) {
            upstream.write(request, upstream.voidPromise());
            if (!(request instanceof LastHttpContent)) {
                upstream.write(LastHttpContent.EMPTY_LAST_CONTENT, upstream.voidPromise());
            }
            upstream.flush();
        } else {
            upstream.write(request, upstream.voidPromise());
            if (expectContinue) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE), ctx.voidPromise());
            }
            downstream.requestRead();
        }
        upstream.read();
    }

    /** The next piece of the request body from the client. */
    void requestContent(HttpContent content) {
        if (done || upstream == null) {
            content.release();
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (content.content().isReadable() || (last && !((LastHttpContent) content).trailingHeaders().isEmpty())) {
            requestBodySent = true;
        }
        upstream.writeAndFlush(content, upstream.voidPromise());
        if (last) {
            requestComplete = true;
        } else if (upstream.isWritable()) {
            downstream.requestRead();
        }
    }

    void onUpstreamWritable() {
        if (!done && !requestComplete) {
            downstream.requestRead();
        }
    }

    /** A piece of the response from the upstream. */
    void onResponse(HttpObject msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                upstreamFailed("protocol", response.decoderResult().cause());
                return;
            }
            if (response.status().code() < 200) {
                // 1xx interim responses (such as 103 Early Hints) are the upstream's business with us.
                skippingInformational = true;
                ReferenceCountUtil.release(msg);
                return;
            }
            startResponse(response);
            if (msg instanceof LastHttpContent) {
                finish(ctx.writeAndFlush(msg));
            } else {
                ctx.write(msg, ctx.voidPromise());
            }
            return;
        }
        HttpContent content = (HttpContent) msg;
        boolean last = content instanceof LastHttpContent;
        if (skippingInformational) {
            content.release();
            skippingInformational = !last;
            return;
        }
        if (last) {
            finish(ctx.writeAndFlush(content));
        } else {
            ctx.write(content, ctx.voidPromise());
        }
    }

    private void startResponse(HttpResponse response) {
        responseStarted = true;
        status = response.status().code();
        HttpHeaders headers = response.headers();
        upstreamReusable = HttpUtil.isKeepAlive(response);
        HopByHopHeaders.strip(headers);
        closeDownstream = !keepAlive;
        boolean bodyAllowed = !head && status != 204 && status != 304;
        if (bodyAllowed && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            if (http10) {
                // An HTTP/1.0 client knows no chunked encoding: the end of the body is the end of the connection.
                closeDownstream = true;
            } else {
                HttpUtil.setTransferEncodingChunked(response, true);
            }
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (closeDownstream) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    void onUpstreamReadComplete() {
        if (done || upstream == null) {
            return;
        }
        lastUpstreamActivity = System.nanoTime();
        ctx.flush();
        if (ctx.channel().isWritable()) {
            upstream.read();
        }
    }

    void onDownstreamWritable() {
        if (!done && upstream != null) {
            upstream.read();
        }
    }

    /** The upstream connection closed or failed (its handler has already let go of this exchange). */
    void onUpstreamFailed(Throwable cause) {
        upstreamFailed("reset", cause);
    }

    private void upstreamFailed(String reason, Throwable cause) {
        if (done) {
            return;
        }
        Channel failed = upstream;
        upstream = null;
        if (failed != null) {
            failed.attr(UpstreamHandler.KEY).get().forget();
            failed.close();
            pool.release(failed);
        }
        log.debug("upstream {} of cluster {} failed ({})", endpoint, cluster.name(), reason, cause);
        if (responseStarted) {
            metrics.upstreamError(cluster, reason);
            abort();
        } else if (reusedConnection && replayable() && attempts < MAX_ATTEMPTS) {
            // A pooled connection the upstream had already closed: not a failure of the upstream.
            connect();
        } else {
            metrics.upstreamError(cluster, reason);
            fail(502, "the upstream closed the connection before responding");
        }
    }

    /** The read timeout: fires when the upstream has been silent too long while a response is due. */
    @Override
    public void run() {
        if (done) {
            return;
        }
        long silent = System.nanoTime() - lastUpstreamActivity;
        if (silent < readTimeoutNanos) {
            readTimeout = ctx.executor().schedule(this, readTimeoutNanos - silent, TimeUnit.NANOSECONDS);
            return;
        }
        metrics.upstreamError(cluster, "timeout");
        if (responseStarted) {
            abort();
        } else {
            fail(504, "the upstream did not answer in time");
        }
    }

    /** The client went away; the upstream connection cannot be trusted with a half-sent request. */
    void onDownstreamClosed() {
        if (done) {
            return;
        }
        done = true;
        cancelReadTimeout();
        releaseUpstream(false);
        stats.count(responseStarted ? status : 499);
    }

    private boolean replayable() {
        if (!requestComplete || requestBodySent || request instanceof HttpContent) {
            return false;
        }
        HttpMethod method = request.method();
        return !HttpMethod.POST.equals(method) && !HttpMethod.PATCH.equals(method) && !HttpMethod.CONNECT.equals(method);
    }

    private void finish(ChannelFuture lastWrite) {
        done = true;
        cancelReadTimeout();
        cluster.upstreamLatency().observe((System.nanoTime() - startNanos) / 1e9);
        stats.count(status);
        releaseUpstream(requestComplete && upstreamReusable);
        if (closeDownstream) {
            lastWrite.addListener(ChannelFutureListener.CLOSE);
        }
        downstream.exchangeFinished(requestComplete, closeDownstream);
    }

    private void fail(int failStatus, String detail) {
        done = true;
        cancelReadTimeout();
        releaseUpstream(false);
        status = failStatus;
        stats.count(failStatus);
        if (!requestHeadWritten) {
            ReferenceCountUtil.release(request);
        }
        // A client that waits for 100 Continue may or may not send its body now: only a new connection is safe.
        boolean reuseDownstream = keepAlive && !(expectContinue && !requestComplete);
        LocalResponses.write(ctx, failStatus, LocalResponses.text(failStatus, detail), reuseDownstream, head, http10);
        downstream.exchangeFinished(requestComplete, !reuseDownstream);
    }

    private void abort() {
        done = true;
        cancelReadTimeout();
        releaseUpstream(false);
        stats.count(status);
        ctx.close();
        downstream.exchangeFinished(requestComplete, true);
    }

    private void releaseUpstream(boolean reuse) {
        Channel channel = upstream;
        upstream = null;
        if (channel == null) {
            return;
        }
        UpstreamHandler handler = channel.attr(UpstreamHandler.KEY).get();
        if (reuse && channel.isActive() && !endpoint.retired()) {
            handler.detach();
        } else {
            handler.forget();
            channel.close();
        }
        pool.release(channel);
    }

    private void cancelReadTimeout() {
        if (readTimeout != null) {
            readTimeout.cancel(false);
        }
    }
}
