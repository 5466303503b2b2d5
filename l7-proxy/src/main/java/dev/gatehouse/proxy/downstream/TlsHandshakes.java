package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.observe.ProxyMetrics;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.ssl.SniCompletionEvent;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Right after {@code tls} on the HTTPS listener: counts each handshake by protocol version, or its
 * failure by reason, then leaves the pipeline. It keeps the server name the client asked for on the channel, for
 * {@link ClientCertificateGate}.
 */
final class TlsHandshakes extends ChannelInboundHandlerAdapter {

    private final ProxyMetrics metrics;

    TlsHandshakes(ProxyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SniCompletionEvent sni && sni.isSuccess() && sni.hostname() != null) {
            ctx.channel().attr(ClientCertificateGate.SERVER_NAME).set(sni.hostname());
        }
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (completion.isSuccess()) {
                SslHandler tls = ctx.pipeline().get(SslHandler.class);
                metrics.tlsHandshakes.labelValues(tls == null ? "unknown" : tls.engine().getSession().getProtocol()).inc();
            } else {
                metrics.tlsHandshakeFailures.labelValues(reason(completion.cause())).inc();
            }
            ctx.pipeline().remove(this);
        }
        super.userEventTriggered(ctx, event);
    }

    static String reason(Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            return "timeout";
        }
        if (cause instanceof ClosedChannelException) {
            return "closed";
        }
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("protocol") || message.contains("version")) {
            return "protocol_version";
        }
        if (message.contains("cipher")) {
            return "no_shared_cipher";
        }
        if (message.contains("certificate") || message.contains("unknown_ca") || message.contains("bad_certificate")) {
            return "certificate";
        }
        return "other";
    }
}
