package dev.gatehouse.proxy.downstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderValidationUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.Map;

/**
 * What Netty's own checks of a client's frames leave out: field values with CR, LF, NUL or other control characters
 * or surrounding whitespace are malformed (RFC 9113 §8.2.1: stream error, so they never reach an upstream, where
 * an HTTP/1 hop would read them as line breaks), so are pseudo-header values with spaces or bytes outside visible
 * ASCII (§8.3.1), and PRIORITY and WINDOW_UPDATE frames are held to the
 * {@link Http2FrameBudget}. Runs before the frame codec hands a request to its stream.
 */
final class Http2RequestChecks extends Http2FrameListenerDecorator {

    private final Http2FrameBudget budget;
    private int lastStreamId;

    Http2RequestChecks(Http2FrameListener listener, Http2FrameBudget budget) {
        super(listener);
        this.budget = budget;
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding, boolean endOfStream)
            throws Http2Exception {
        check(streamId, headers);
        super.onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency, short weight,
                              boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
        check(streamId, headers);
        super.onHeadersRead(ctx, streamId, headers, streamDependency, weight, exclusive, padding, endOfStream);
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight, boolean exclusive)
            throws Http2Exception {
        budget.priorityReceived();
        super.onPriorityRead(ctx, streamId, streamDependency, weight, exclusive);
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) throws Http2Exception {
        budget.windowUpdateReceived();
        super.onWindowUpdateRead(ctx, streamId, windowSizeIncrement);
    }

    private void check(int streamId, Http2Headers headers) throws Http2Exception {
        if (streamId > lastStreamId) {
            lastStreamId = streamId;
            budget.streamOpened();
        }
        for (Map.Entry<CharSequence, CharSequence> field : headers) {
            CharSequence value = field.getValue();
            boolean pseudo = Http2Headers.PseudoHeaderName.hasPseudoHeaderFormat(field.getKey());
            if (pseudo ? !visibleAscii(value)
                    : HttpHeaderValidationUtil.validateValidHeaderValue(value) != -1 || surroundedByWhitespace(value)) {
                throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR,
                        "Invalid character or surrounding whitespace in the value of '%s'", field.getKey());
            }
        }
    }

    /**
     * Method, scheme, authority and path become an HTTP/1 request line upstream, where a space or a byte outside
     * visible ASCII would split or bend it; none belongs in a method token or a URI (RFC 3986).
     */
    private static boolean visibleAscii(CharSequence value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean surroundedByWhitespace(CharSequence value) {
        return !value.isEmpty() && (isSpaceOrTab(value.charAt(0)) || isSpaceOrTab(value.charAt(value.length() - 1)));
    }

    private static boolean isSpaceOrTab(char c) {
        return c == ' ' || c == '\t';
    }
}
