package dev.gatehouse.proxy.http;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;

/**
 * The headers of a request as the HTTP/1 decoder fills them, counting the Content-Length lines as they arrive:
 * on HTTP/1.0 Netty folds several lines into the first one's value before anyone else sees them, and a request
 * whose length was given twice is refused however it was given (nginx and HAProxy refuse it too).
 */
public final class DecodedRequestHeaders extends DefaultHttpHeaders {

    /** Makes the headers of each request the decoder reads. */
    public static final HttpHeadersFactory FACTORY = new HttpHeadersFactory() {
        @Override
        public HttpHeaders newHeaders() {
            return new DecodedRequestHeaders(16);
        }

        @Override
        public HttpHeaders newEmptyHeaders() {
            return new DecodedRequestHeaders(2);
        }
    };

    private static final DefaultHttpHeadersFactory VALIDATING = DefaultHttpHeadersFactory.headersFactory();

    private int contentLengthLines;

    private DecodedRequestHeaders(int sizeHint) {
        super(VALIDATING.getNameValidator(), VALIDATING.getValueValidator(), sizeHint);
    }

    /** How many Content-Length lines the client sent. */
    int contentLengthLines() {
        return contentLengthLines;
    }

    @Override
    public HttpHeaders add(CharSequence name, Object value) {
        count(name);
        return super.add(name, value);
    }

    @Override
    public HttpHeaders add(String name, Object value) {
        count(name);
        return super.add(name, value);
    }

    private void count(CharSequence name) {
        if (HttpHeaderNames.CONTENT_LENGTH.contentEqualsIgnoreCase(name)) {
            contentLengthLines++;
        }
    }
}
