package dev.gatehouse.proxy.downstream;

import dev.gatehouse.logging.Causes;
import dev.gatehouse.logging.LogLimiter;
import dev.gatehouse.proxy.http.RequestHeadRules;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** A request head or body the codec could not read: logged, rate-limited, and answered as nginx answers it. */
final class MalformedRequests {

    // logged under the downstream handler's name, where operators and log settings look for a peer's malformed requests
    private static final Logger log = LoggerFactory.getLogger("dev.gatehouse.proxy.downstream.DownstreamHandler");
    /** Its lines are a peer's doing, as often as it likes. */
    private static final LogLimiter LIMITED = LogLimiter.perMinute(log, Level.DEBUG);

    private MalformedRequests() {
    }

    /**
     * A request the HTTP/2-to-HTTP/1 conversion refuses (:authority and Host disagree) is malformed, which RFC 9113
     * section 8.1.1 answers with a PROTOCOL_ERROR reset of its stream; closing alone would reset it with CANCEL.
     */
    static void resetStream(ChannelHandlerContext stream, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof Http2Exception) {
            stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
        }
    }

    /** The refusal of a head that could not be read: 414 for a long request line, 431 for long headers, else 400. */
    static RequestHeadRules.Refusal head(String peer, Throwable cause) {
        int status = cause instanceof TooLongHttpLineException ? 414
                : cause instanceof TooLongHttpHeaderException ? 431 : 400;
        LIMITED.log("malformed request", "malformed request from {}: {}", peer, Causes.describe(cause));
        return new RequestHeadRules.Refusal(status, "the request could not be read");
    }

    static void body(String peer, Throwable cause) {
        LIMITED.log("malformed request body", "malformed request body from {}: {}", peer, Causes.describe(cause));
    }
}
