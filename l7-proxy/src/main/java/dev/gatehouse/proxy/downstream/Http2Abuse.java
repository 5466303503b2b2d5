package dev.gatehouse.proxy.downstream;

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
}
