package dev.gatehouse.proxy.downstream;

import io.netty.handler.codec.http2.Http2Exception;

/** Which {@link Http2Abuse} an HTTP/2 connection error is. */
final class Http2AbuseReasons {

    private Http2AbuseReasons() {
    }

    /**
     * The reason of a connection error. Netty's own limits say which one tripped only in their messages (their
     * exceptions share one class and error code); Http2AbuseTest trips each limit and checks its reason, so a Netty
     * upgrade that rewords one fails there rather than silently counting it as a protocol error.
     */
    static Http2Abuse of(Http2Exception error, boolean outbound) {
        if (error instanceof Http2FrameBudget.Exceeded exceeded) {
            return exceeded.reason();
        }
        String message = String.valueOf(error.getMessage());
        if (message.contains("of RST frames")) {
            return outbound ? Http2Abuse.EXCESS_STREAM_ERRORS : Http2Abuse.RAPID_RESET;
        }
        if (message.contains("outstanding control frames")) {
            return Http2Abuse.CONTROL_FRAME_FLOOD;
        }
        if (message.contains("empty data frames")) {
            return Http2Abuse.EMPTY_DATA_FRAMES;
        }
        if (message.contains("small consecutive continuations frames")) {
            return Http2Abuse.CONTINUATION_FLOOD;
        }
        if (message.contains("Header size exceeded")) {
            return Http2Abuse.HEADER_LIST_SIZE;
        }
        return Http2Abuse.PROTOCOL_ERROR;
    }
}
