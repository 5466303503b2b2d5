package dev.gatehouse.proxy.observe;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.Errors;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.TimeoutException;
import io.netty.util.AttributeKey;
import io.prometheus.metrics.core.metrics.Counter;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The last handler of every pipeline. A failure that gets this far is almost always the peer's doing: a reset, a
 * TLS alert (a client refusing our certificate), bytes that are not the protocol, a timeout. Each connection's
 * failure is counted once by reason in {@code gatehouse_connection_failures_total}, the channel is closed, and the
 * line goes through a {@link LogLimiter} at DEBUG, since a client can cause it as often as it likes. Anything else
 * is more likely our bug, which a client may still trigger at will: it is logged at WARN with its stack trace, also
 * rate-limited. Without this handler Netty's tail logs every one at WARN with a stack trace.
 */
public final class PeerFailures extends ChannelInboundHandlerAdapter {

    public static final String NAME = "peer-failures";
    private static final Logger log = LoggerFactory.getLogger(PeerFailures.class);
    private static final AttributeKey<PeerFailures> KEY = AttributeKey.valueOf(PeerFailures.class, "failures");
    private static final LogLimiter PEERS = LogLimiter.perMinute(log, Level.DEBUG);
    private static final LogLimiter UNEXPECTED = LogLimiter.perMinute(log, Level.WARN);

    private final String pipeline;
    private final Counter failures;
    private boolean counted;

    /**
     * @param pipeline which side the connection is, for the counter and the log: downstream, tcp, upstream, health,
     *                 admin, mirror
     */
    public PeerFailures(String pipeline, Counter failures) {
        this.pipeline = pipeline;
        this.failures = failures;
    }

    /** Adds {@code handler} as the last handler before this one, or last if the pipeline has none. */
    public static void addBeforeFailures(ChannelPipeline pipeline, String name, ChannelHandler handler) {
        if (pipeline.get(NAME) != null) {
            pipeline.addBefore(NAME, name, handler);
        } else {
            pipeline.addLast(name, handler);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().attr(KEY).set(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String reason = reason(cause);
        if (reason.equals("other")) {
            countOnce(reason);
            UNEXPECTED.log(pipeline + " other", "{} connection {} failed unexpectedly: {}", pipeline,
                    ctx.channel().remoteAddress(), Causes.describe(cause), cause);
        } else {
            failed(ctx.channel(), reason, Causes.describe(cause));
        }
        ctx.close();
    }

    /**
     * Counts a failure that a handler saw without an exception (a peer that closed mid-exchange, sent a response that
     * cannot be parsed, or stayed silent) on the channel's {@code PeerFailures}, unless the connection's failure was
     * counted already, and logs it rate-limited at DEBUG. Leaves closing to the caller. Does nothing on a channel
     * without one (nor, for an HTTP/2 stream, on its connection).
     *
     * @param reason one of the fixed reasons (see {@link #reason}): never the peer's input
     */
    public static void count(Channel channel, String reason, String detail) {
        PeerFailures failures = channel.attr(KEY).get();
        if (failures == null && channel.parent() != null && !(channel.parent() instanceof ServerChannel)) {
            // an HTTP/2 stream: its connection counts, even when it closed first and its pipeline is gone
            failures = channel.parent().attr(KEY).get();
            channel = channel.parent();
        }
        if (failures != null && !failures.counted) {
            failures.failed(channel, reason, detail);
        }
    }

    private void failed(Channel channel, String reason, String detail) {
        countOnce(reason);
        PEERS.log(pipeline + " " + reason, "{} connection {} failed ({}): {}", pipeline, channel.remoteAddress(), reason,
                detail);
    }

    private void countOnce(String reason) {
        if (!counted) {
            counted = true;
            failures.labelValues(pipeline, reason).inc();
        }
    }

    /** One of timeout, tls, refused, reset, closed, malformed, io, other. */
    public static String reason(Throwable cause) {
        for (Throwable each : Causes.chain(cause)) {
            if (each instanceof TimeoutException || each instanceof ConnectTimeoutException) {
                return "timeout";
            }
            if (each instanceof SSLException || each instanceof NotSslRecordException) {
                return "tls";
            }
            if (each instanceof ConnectException) {
                return "refused";
            }
            if (each instanceof ClosedChannelException) {
                return "closed";
            }
            if (each instanceof Errors.NativeIoException || each instanceof IOException && resetOrBrokenPipe(each)) {
                return "reset";
            }
        }
        if (cause instanceof DecoderException || cause instanceof Http2Exception) {
            return "malformed";
        }
        return cause instanceof IOException ? "io" : "other";
    }

    private static boolean resetOrBrokenPipe(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("reset") || message.contains("broken pipe");
    }
}
