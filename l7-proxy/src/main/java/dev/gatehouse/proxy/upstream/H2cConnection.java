package dev.gatehouse.proxy.upstream;

import dev.gatehouse.proxy.observe.PeerFailures;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.function.Function;

/**
 * One HTTP/2 connection with prior knowledge (h2c) to an endpoint, from one event loop; each request gets
 * a stream of its own, whose pipeline converts between HTTP/1-style objects and HTTP/2 frames so the
 * exchange treats it like any upstream channel. gRPC goes this way, trailers included.
 */
final class H2cConnection {

    private final UpstreamEndpoint endpoint;
    private final ChannelFuture connected;
    private volatile boolean closed;

    /** @param tls makes the TLS handler of the connection (HTTP/2 over TLS, as gRPC over TLS needs); null for h2c */
    H2cConnection(Bootstrap bootstrap, UpstreamEndpoint endpoint, Function<Channel, ChannelHandler> tls, Counter connectionFailures) {
        this.endpoint = endpoint;
        this.connected = bootstrap
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (tls != null) {
                            channel.pipeline().addLast("tls", tls.apply(channel));
                        }
                        channel.pipeline()
                                .addLast("h2", Http2FrameCodecBuilder.forClient().build())
                                // the upstream never opens streams towards us
                                .addLast("streams", new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()))
                                .addLast(PeerFailures.NAME, new PeerFailures("upstream", connectionFailures));
                    }
                })
                .connect();
        connected.channel().closeFuture().addListener(f -> closed = true);
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                closed = true;
            }
        });
    }

    boolean closed() {
        return closed;
    }

    Future<Channel> openStream() {
        Promise<Channel> stream = connected.channel().eventLoop().newPromise();
        connected.addListener(f -> {
            if (!f.isSuccess()) {
                stream.tryFailure(f.cause());
                return;
            }
            new Http2StreamChannelBootstrap(connected.channel())
                    .handler(new ChannelInitializer<Http2StreamChannel>() {
                        @Override
                        protected void initChannel(Http2StreamChannel channel) {
                            UpstreamHandler upstream = new UpstreamHandler(endpoint);
                            channel.attr(UpstreamHandler.KEY).set(upstream);
                            channel.pipeline()
                                    .addLast("http", new Http2StreamFrameToHttpObjectCodec(false))
                                    .addLast("upstream", upstream);
                        }
                    })
                    .open()
                    .addListener(opened -> {
                        if (opened.isSuccess()) {
                            stream.trySuccess((Channel) opened.getNow());
                        } else {
                            stream.tryFailure(opened.cause());
                        }
                    });
        });
        return stream;
    }

    void close() {
        connected.channel().close();
    }
}
