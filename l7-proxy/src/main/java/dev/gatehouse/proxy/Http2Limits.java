package dev.gatehouse.proxy;

import java.time.Duration;

/**
 * What one HTTP/2 client connection may do (docs/security.md, "HTTP/2 limits"). Past a limit the connection is
 * cut with GOAWAY, except where a single stream is at fault: a stream beyond {@code maxConcurrentStreams} is
 * refused and a stalled stream is reset. Every event is counted in {@code gatehouse_http2_abuse_total}. Where
 * HAProxy and Envoy differ, the defaults are the stricter of the two. The header list size is
 * the proxy's {@code maxHeaderSize}, as for HTTP/1.
 *
 * @param maxConcurrentStreams        streams a client may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS;
 *                                    HAProxy: 100, Envoy: unlimited)
 * @param maxResetsPerWindow          RST_STREAM frames a client may send per {@code resetWindow}: rapid reset,
 *                                    CVE-2023-44487
 * @param resetWindow                 the window of {@code maxResetsPerWindow}
 * @param maxQueuedControlFrames      answers to PING and SETTINGS (and RST_STREAM) waiting for a client that does not
 *                                    read (Envoy's max_outbound_control_frames: 1000)
 * @param maxConsecutiveEmptyDataFrames empty DATA frames without END_STREAM in a row (Envoy: 1)
 * @param maxSmallContinuationFrames  CONTINUATION frames under 8 KiB in one header block: CVE-2024-27316
 * @param maxPriorityFramesPerStream  PRIORITY frames per stream opened, plus one stream (Envoy: 100)
 * @param maxWindowUpdatesPerDataFrameSent WINDOW_UPDATE frames per DATA frame sent to the client, beyond 5 plus two
 *                                    per stream opened (Envoy: 10)
 * @param streamStallTimeout          how long a stream may have response bytes waiting for a client that does not
 *                                    open its flow-control window before the stream is reset (nginx's send_timeout)
 */
public record Http2Limits(int maxConcurrentStreams, int maxResetsPerWindow, Duration resetWindow, int maxQueuedControlFrames,
                          int maxConsecutiveEmptyDataFrames, int maxSmallContinuationFrames, int maxPriorityFramesPerStream,
                          int maxWindowUpdatesPerDataFrameSent, Duration streamStallTimeout) {

    public static final Http2Limits DEFAULT = new Http2Limits(100, 200, Duration.ofSeconds(30), 1000, 1, 16, 100, 10,
            Duration.ofSeconds(60));

    public Http2Limits {
        SettingChecks.requireAtLeast("HTTP/2 max concurrent streams", maxConcurrentStreams, 1);
        SettingChecks.requireAtLeast("HTTP/2 max resets per window", maxResetsPerWindow, 1);
        SettingChecks.requirePositive("HTTP/2 reset window", resetWindow);
        if (resetWindow.toSeconds() < 1) {
            throw new IllegalArgumentException("HTTP/2 reset window " + resetWindow + " must be at least 1 second");
        }
        SettingChecks.requireAtLeast("HTTP/2 max queued control frames", maxQueuedControlFrames, 1);
        SettingChecks.requireAtLeast("HTTP/2 max consecutive empty DATA frames", maxConsecutiveEmptyDataFrames, 1);
        SettingChecks.requireAtLeast("HTTP/2 max small CONTINUATION frames", maxSmallContinuationFrames, 1);
        SettingChecks.requireAtLeast("HTTP/2 max PRIORITY frames per stream", maxPriorityFramesPerStream, 1);
        SettingChecks.requireAtLeast("HTTP/2 max WINDOW_UPDATE frames per DATA frame sent", maxWindowUpdatesPerDataFrameSent, 1);
        SettingChecks.requirePositive("HTTP/2 stream stall timeout", streamStallTimeout);
    }

    public Http2Limits withMaxConcurrentStreams(int value) {
        return new Http2Limits(value, maxResetsPerWindow, resetWindow, maxQueuedControlFrames, maxConsecutiveEmptyDataFrames,
                maxSmallContinuationFrames, maxPriorityFramesPerStream, maxWindowUpdatesPerDataFrameSent, streamStallTimeout);
    }

    public Http2Limits withStreamStallTimeout(Duration value) {
        return new Http2Limits(maxConcurrentStreams, maxResetsPerWindow, resetWindow, maxQueuedControlFrames,
                maxConsecutiveEmptyDataFrames, maxSmallContinuationFrames, maxPriorityFramesPerStream,
                maxWindowUpdatesPerDataFrameSent, value);
    }
}
