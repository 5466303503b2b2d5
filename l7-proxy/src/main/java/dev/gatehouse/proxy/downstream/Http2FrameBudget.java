package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.Http2Limits;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;

/**
 * The PRIORITY and WINDOW_UPDATE frames one client connection may send, as Envoy allows them: PRIORITY frames in
 * proportion to the streams opened, WINDOW_UPDATE frames in proportion to the streams opened and the DATA frames
 * sent to the client. Netty answers both without limit (the PRIORITY resource loop of CVE-2019-9513, and its WINDOW_UPDATE twin): this budget is
 * what bounds them. One per connection, used on its event loop only.
 */
final class Http2FrameBudget {

    private final int priorityPerStream;
    private final int windowUpdatesPerDataFrame;
    private long streamsOpened;
    private long dataFramesSent;
    private long priorityFrames;
    private long windowUpdateFrames;

    Http2FrameBudget(Http2Limits limits) {
        this.priorityPerStream = limits.maxPriorityFramesPerStream();
        this.windowUpdatesPerDataFrame = limits.maxWindowUpdatesPerDataFrameSent();
    }

    void streamOpened() {
        streamsOpened++;
    }

    void dataFrameSent() {
        dataFramesSent++;
    }

    void priorityReceived() throws Exceeded {
        if (++priorityFrames > priorityPerStream * (1 + streamsOpened)) {
            throw new Exceeded(Http2Abuse.PRIORITY_FLOOD, "Too many PRIORITY frames: " + priorityFrames + " for "
                    + streamsOpened + " streams");
        }
    }

    void windowUpdateReceived() throws Exceeded {
        if (++windowUpdateFrames > 5 + 2 * (streamsOpened + windowUpdatesPerDataFrame * dataFramesSent)) {
            throw new Exceeded(Http2Abuse.WINDOW_UPDATE_FLOOD, "Too many WINDOW_UPDATE frames: " + windowUpdateFrames
                    + " for " + streamsOpened + " streams and " + dataFramesSent + " DATA frames sent");
        }
    }

    /** A connection error (GOAWAY with ENHANCE_YOUR_CALM) that knows which limit it is. */
    static final class Exceeded extends Http2Exception {
        private static final long serialVersionUID = 1L;

        private final transient Http2Abuse reason;

        Exceeded(Http2Abuse reason, String message) {
            super(Http2Error.ENHANCE_YOUR_CALM, message, ShutdownHint.HARD_SHUTDOWN);
            this.reason = reason;
        }

        Http2Abuse reason() {
            return reason;
        }
    }
}
