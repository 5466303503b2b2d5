package dev.gatehouse.proxy.downstream;

import io.netty.handler.codec.http2.Http2Exception;

/**
 * Why an HTTP/2 client connection was cut, or one of its streams refused or reset: the {@code reason} label of
 * {@code gatehouse_http2_abuse_total}.
 */
enum Http2Abuse {
    RAPID_RESET("rapid_reset"),
    CONTROL_FRAME_FLOOD("control_frame_flood"),
    EMPTY_DATA_FRAMES("empty_data_frames"),
    CONTINUATION_FLOOD("continuation_flood"),
    HEADER_LIST_SIZE("header_list_size"),
    PRIORITY_FLOOD("priority_flood"),
    WINDOW_UPDATE_FLOOD("window_update_flood"),
    EXCESS_STREAM_ERRORS("excess_stream_errors"),
    PROTOCOL_ERROR("protocol_error"),
    MAX_CONCURRENT_STREAMS("max_concurrent_streams"),
    STALLED_STREAM("stalled_stream");

    private final String label;

    Http2Abuse(String label) {
        this.label = label;
    }

    String label() {
        return label;
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
            return outbound ? EXCESS_STREAM_ERRORS : RAPID_RESET;
        }
        if (message.contains("outstanding control frames")) {
            return CONTROL_FRAME_FLOOD;
        }
        if (message.contains("empty data frames")) {
            return EMPTY_DATA_FRAMES;
        }
        if (message.contains("small consecutive continuations frames")) {
            return CONTINUATION_FLOOD;
        }
        if (message.contains("Header size exceeded")) {
            return HEADER_LIST_SIZE;
        }
        return PROTOCOL_ERROR;
    }
}
