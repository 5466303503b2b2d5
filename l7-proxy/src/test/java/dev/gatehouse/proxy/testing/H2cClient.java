package dev.gatehouse.proxy.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.handler.ssl.SslHandler;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** An HTTP/2 client on one connection, for tests: h2c with prior knowledge, or h2 over TLS; each request is a stream. */
public final class H2cClient implements AutoCloseable {

    /** What came back: status, headers and trailers (lower-case names), body as text and as the bytes it was. */
    public record Response(int status, Map<String, String> headers, String body, Map<String, String> trailers, byte[] bytes) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel connection;
    private final String scheme;
    private final SslHandler tls;

    /** h2c with prior knowledge. */
    public H2cClient(int port) {
        this(port, null);
    }

    private H2cClient(int port, SSLEngine engine) {
        this.scheme = engine == null ? "http" : "https";
        this.tls = engine == null ? null : new SslHandler(engine);
        connection = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (tls != null) {
                            channel.pipeline().addLast(tls);
                        }
                        channel.pipeline()
                                .addLast(Http2FrameCodecBuilder.forClient().build())
                                .addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                })
                .connect(InetAddress.getLoopbackAddress(), port)
                .syncUninterruptibly()
                .channel();
        if (tls != null) {
            tls.handshakeFuture().syncUninterruptibly();
        }
    }

    /**
     * HTTP/2 over TLS instead (h2, offered alone by ALPN), with {@code context}'s key and trust and {@code serverName}
     * as SNI; the handshake is complete when this returns.
     */
    public static H2cClient overTls(int port, SSLContext context, String serverName) {
        SSLEngine engine = context.createSSLEngine("127.0.0.1", port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setApplicationProtocols(new String[] {"h2"});
        engine.setSSLParameters(parameters);
        return new H2cClient(port, engine);
    }

    /** The protocol ALPN chose over TLS; null for h2c. */
    public String applicationProtocol() {
        return tls == null ? null : tls.engine().getApplicationProtocol();
    }

    public Response get(String authority, String path) {
        return send(HttpMethod.GET, authority, path, null);
    }

    public Response post(String authority, String path, byte[] body) {
        return send(HttpMethod.POST, authority, path, body);
    }

    /** Sends one request on a new stream and waits (at most 20 s) for the whole response. */
    public Response send(HttpMethod method, String authority, String path, byte[] body) {
        return send(method, authority, path, body, Map.of());
    }

    /** The same, with more request headers. */
    public Response send(HttpMethod method, String authority, String path, byte[] body, Map<String, String> extraHeaders) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                .handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel channel) {
                        channel.pipeline()
                                .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                                .addLast(new HttpObjectAggregator(64 * 1024 * 1024))
                                .addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
                                        Map<String, String> headers = new TreeMap<>();
                                        response.headers().forEach(e -> headers.put(e.getKey().toLowerCase(), e.getValue()));
                                        Map<String, String> trailers = new TreeMap<>();
                                        response.trailingHeaders().forEach(e -> trailers.put(e.getKey().toLowerCase(), e.getValue()));
                                        byte[] bytes = new byte[response.content().readableBytes()];
                                        response.content().getBytes(response.content().readerIndex(), bytes);
                                        result.complete(new Response(response.status().code(), headers,
                                                response.content().toString(StandardCharsets.UTF_8), trailers, bytes));
                                    }

                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        result.completeExceptionally(cause);
                                    }

                                    @Override
                                    public void channelInactive(ChannelHandlerContext ctx) {
                                        result.completeExceptionally(new IllegalStateException("stream closed without a response"));
                                    }
                                });
                    }
                })
                .open().syncUninterruptibly().getNow();
        ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, path, content);
        request.headers().set(HttpHeaderNames.HOST, authority)
                .set(HttpConversionUtil.ExtensionHeaderNames.SCHEME.text(), scheme);
        extraHeaders.forEach(request.headers()::set);
        stream.writeAndFlush(request);
        try {
            return result.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("HTTP/2 request " + method + " " + path + " failed", e);
        }
    }

    @Override
    public void close() {
        connection.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
