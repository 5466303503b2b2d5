package dev.gatehouse.proxy.exchange;

import dev.gatehouse.proxy.upstream.UpstreamConnections;
import dev.gatehouse.proxy.upstream.UpstreamEndpoint;
import dev.gatehouse.proxy.upstream.UpstreamHandler;
import dev.gatehouse.proxy.upstream.UpstreamListener;
import dev.gatehouse.routing.UpstreamProtocol;
import dev.gatehouse.routing.UpstreamTls;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.FutureListener;
import java.util.ArrayDeque;

/**
 * The upstream side of an exchange's current attempt: the connection (or HTTP/2 stream) being acquired or held, and
 * the pieces of the request body that arrive before there is a connection to send them on.
 */
final class UpstreamLeg {

    private final UpstreamConnections connections;
    private final UpstreamProtocol protocol;
    private final UpstreamTls tls;
    private final ArrayDeque<HttpContent> held = new ArrayDeque<>(2);
    private UpstreamEndpoint endpoint;
    private Future<Channel> pending;
    private Channel channel;
    private UpstreamHandler handler;
    private boolean reused;

    UpstreamLeg(UpstreamConnections connections, UpstreamProtocol protocol, UpstreamTls tls) {
        this.connections = connections;
        this.protocol = protocol;
        this.tls = tls;
    }

    UpstreamConnections connections() {
        return connections;
    }

    /** An idle pooled connection to {@code target}, for an HTTP/1.1 upstream; null when a new one must be acquired. */
    UpstreamHandler pooled(UpstreamEndpoint target) {
        endpoint = target;
        return protocol == UpstreamProtocol.HTTP1 ? connections.poll(target, tls) : null;
    }

    /** Starts acquiring a connection to {@code target}: the attempt waits for the future returned. */
    Future<Channel> acquire(UpstreamEndpoint target) {
        endpoint = target;
        pending = connections.acquire(target, protocol, tls);
        return pending;
    }

    /** Whether {@code acquired} is what the current attempt waits for; if so, the attempt no longer waits. */
    boolean awaited(Future<Channel> acquired) {
        if (acquired != pending) {
            return false;
        }
        pending = null;
        return true;
    }

    /** The attempt stops waiting for its connection: one that still comes goes back to the pool via {@code listener}. */
    void abandon(FutureListener<Channel> listener) {
        Future<Channel> abandoned = pending;
        pending = null;
        if (abandoned != null) {
            abandoned.cancel(false);
            abandoned.addListener(listener);
        }
    }

    /** A connection that came too late for its attempt goes back unused. */
    void releaseUnused(Future<Channel> acquired) {
        if (acquired.isSuccess()) {
            Channel late = acquired.getNow();
            UpstreamHandler lateHandler = UpstreamHandler.of(late);
            connections.release(lateHandler.endpoint(), protocol, tls, late, lateHandler, true);
        }
    }

    /** Takes the connection for {@code listener}. */
    void attach(UpstreamHandler connection, UpstreamListener listener) {
        handler = connection;
        channel = connection.channel();
        reused = connection.attach(listener);
    }

    /** Whether the attempt's connection came from the pool. */
    boolean reused() {
        return reused;
    }

    /** The connection, or null while there is none. */
    Channel channel() {
        return channel;
    }

    /** Gives the connection back, to its pool when {@code reuse}, else closed. */
    void release(boolean reuse) {
        Channel released = channel;
        channel = null;
        if (released != null) {
            connections.release(endpoint, protocol, tls, released, handler, reuse);
        }
    }

    /** Lets go of the connection for a tunnel; {@code release} gives it back (closed) when the tunnel ends. */
    Runnable detachForTunnel() {
        Channel tunnelled = channel;
        UpstreamEndpoint tunnelEndpoint = endpoint;
        UpstreamHandler tunnelHandler = handler;
        channel = null;
        tunnelHandler.forget();
        return () -> connections.release(tunnelEndpoint, protocol, tls, tunnelled, tunnelHandler, false);
    }

    /** Keeps a piece of the body until the connection is there. */
    void hold(HttpContent content) {
        held.add(content);
    }

    /** Whether body pieces wait for the connection. */
    boolean holding() {
        return !held.isEmpty();
    }

    /**
     * Writes the held pieces (not flushed); returns whether any of them carried body bytes or trailers, after which the
     * request can no longer be replayed.
     */
    boolean writeHeld() {
        boolean bodySent = false;
        HttpContent piece;
        while ((piece = held.poll()) != null) {
            bodySent |= carriesBody(piece);
            channel.write(piece, channel.voidPromise());
        }
        return bodySent;
    }

    /** Drops the held pieces. */
    void dropHeld() {
        HttpContent piece;
        while ((piece = held.poll()) != null) {
            piece.release();
        }
    }

    static boolean carriesBody(HttpObject piece) {
        return piece instanceof HttpContent content && (content.content().isReadable()
                || content instanceof LastHttpContent last && !last.trailingHeaders().isEmpty());
    }
}
