package dev.gatehouse.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.flow.FlowControlHandler;

/** The pipeline of a plain HTTP/1.x downstream connection, in order. */
final class HttpListenerInitializer extends ChannelInitializer<Channel> {

    private final ProxyContext proxy;

    HttpListenerInitializer(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    protected void initChannel(Channel channel) {
        ProxySettings settings = proxy.settings();
        channel.pipeline()
                // bytes <-> HTTP/1.x messages, with the request line and header limits
                .addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                        .setMaxInitialLineLength(settings.maxInitialLineLength())
                        .setMaxHeaderSize(settings.maxHeaderSize())))
                // hands on one decoded message per read(), so pipelined requests queue in order
                .addLast("flow", new FlowControlHandler())
                // routes each request and relays it upstream, or answers it
                .addLast("proxy", new DownstreamHandler(proxy));
    }
}
