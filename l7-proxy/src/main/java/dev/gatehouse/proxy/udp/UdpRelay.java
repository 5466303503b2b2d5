package dev.gatehouse.proxy.udp;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.UdpSettings;
import dev.gatehouse.proxy.balance.ClusterRuntime;
import dev.gatehouse.proxy.balance.Member;
import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.observe.UdpMetrics;
import dev.gatehouse.proxy.observe.UdpStats;
import dev.gatehouse.routing.UdpListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The handler of one UDP listener's socket: a datagram from a client with a session goes out on that session's
 * upstream socket; one from a new client opens a session first, to the endpoint of the listener's cluster that
 * selection picks for the client's address, unless the listener already has its most sessions or the cluster no
 * endpoint. Sessions and their upstream sockets live on the listener's event loop, so the map needs no lock.
 *
 * <p>A datagram larger than the maximum datagram size (the socket reads one byte more than that, so a larger one
 * shows as that many bytes) is dropped and counted, as is every datagram the relay cannot pass on.
 */
final class UdpRelay extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(UdpRelay.class);
    /** Its lines are a peer's doing, as often as it likes. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.DEBUG);

    private final ProxyContext proxy;
    private final Bootstrap upstream;
    private final UdpSettings settings;
    private final UdpMetrics metrics;
    private final Map<InetSocketAddress, UdpSession> sessions = new HashMap<>();
    // written by UdpListeners when a snapshot changes the port's listener; read for each new session
    private volatile Served served;

    /** The port's listener and its metric handles, swapped together. */
    private record Served(UdpListener listener, UdpStats stats) {
    }

    /** @param upstream sessions' upstream sockets, without group, handler or address */
    UdpRelay(UdpListener listener, ProxyContext proxy, Bootstrap upstream, UdpSettings settings, UdpMetrics metrics) {
        this.proxy = proxy;
        this.upstream = upstream;
        this.settings = settings;
        this.metrics = metrics;
        this.served = new Served(listener, metrics.listener(listener.name()));
    }

    /** Takes the port's listener of a newly applied snapshot: new sessions go to its cluster, open ones stay where they are. */
    void update(UdpListener listener) {
        if (!listener.equals(served.listener())) {
            served = new Served(listener, listener.name().equals(served.listener().name()) ? served.stats()
                    : metrics.listener(listener.name()));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket packet)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            Served current = served;
            ByteBuf content = packet.content();
            int size = content.readableBytes();
            if (size > settings.maxDatagramSize()) {
                current.stats().oversized().inc();
                return;
            }
            UdpSession session = sessions.get(packet.sender());
            if (session == null) {
                session = open(ctx.channel(), packet.sender(), current);
                if (session == null) {
                    return;
                }
            }
            current.stats().received().inc();
            current.stats().receivedBytes().inc(size);
            session.send(content.retain());
        } finally {
            packet.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // a datagram that could not go out to a client (its write failed): the socket itself serves on
        LIMITED.log("udp listener", "UDP listener {}: {}", served.listener().name(), Causes.describe(cause));
    }

    /** A new session for {@code client}, or null (counted) when it cannot have one. */
    private UdpSession open(Channel listenerChannel, InetSocketAddress client, Served current) {
        UdpListener listener = current.listener();
        UdpStats stats = current.stats();
        ClusterRuntime cluster = proxy.live().cluster(listener.cluster());
        if (cluster == null || proxy.draining()) {
            stats.unrouted().inc();
            return null;
        }
        if (sessions.size() >= settings.maxSessions()) {
            stats.sessionsLimit().inc();
            LIMITED.log("udp sessions limit", "UDP listener {}: {} sessions are open, the most it keeps; dropping the datagram of "
                    + "new client {}", listener.name(), sessions.size(), client);
            return null;
        }
        Member member = cluster.select(new UdpClient(client.getAddress().getHostAddress()), new String[1]);
        if (member == null) {
            stats.noEndpoint().inc();
            LIMITED.log("udp no endpoint", "UDP listener {}: cluster {} has no endpoint to take client {}", listener.name(),
                    cluster.name(), client);
            return null;
        }
        UdpSession session = new UdpSession(listenerChannel, client, stats, settings.maxDatagramSize());
        ChannelFuture connect = upstream.clone()
                .group(listenerChannel.eventLoop())
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline()
                                .addLast("udp-idle", new IdleStateHandler(0, 0, settings.idleTimeout().toNanos(), TimeUnit.NANOSECONDS))
                                .addLast("session", session);
                    }
                })
                .connect(member.endpoint().socketAddress());
        sessions.put(client, session);
        stats.sessions().inc();
        stats.active().inc();
        connect.channel().closeFuture().addListener(closed -> {
            sessions.remove(client, session);
            stats.active().dec();
        });
        session.connecting(connect);
        return session;
    }

    /** Ends every session (its listener is gone). Runs on the listener's event loop. */
    void closeSessions() {
        new ArrayList<>(sessions.values()).forEach(UdpSession::close);
    }
}
