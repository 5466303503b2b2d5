package dev.gatehouse.proxy.tcp;

import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.observe.PeerFailures;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;

/**
 * The pipeline of a connection to a port that serves TLS passthrough alone (a Gateway TLS listener on a port other
 * than the HTTPS listener's): {@code tls}, a {@link PassthroughSni} that reads the ClientHello and becomes the relay or
 * closes, and {@code peer-failures}. The connection is read while the ClientHello comes, and not after until its
 * upstream is connected.
 */
final class PassthroughListenerInitializer extends ChannelInitializer<Channel> {

    private final ProxyContext proxy;
    private final Bootstrap upstream;
    private final ChannelGroup connections;

    PassthroughListenerInitializer(ProxyContext proxy, Bootstrap upstream, ChannelGroup connections) {
        this.proxy = proxy;
        this.upstream = upstream;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel channel) {
        if (proxy.draining()) {
            channel.close();
            return;
        }
        connections.add(channel);
        // the port's channels are accepted with auto-read off, for TCP listeners; the ClientHello must be read
        channel.config().setAutoRead(true);
        channel.pipeline()
                .addLast("tls", PassthroughSni.onOwnPort(proxy, upstream))
                .addLast(PeerFailures.NAME, new PeerFailures("tcp", proxy.metrics().connectionFailures));
    }
}
