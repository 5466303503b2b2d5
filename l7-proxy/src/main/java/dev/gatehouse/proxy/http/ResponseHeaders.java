package dev.gatehouse.proxy.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Map;

/**
 * A route's own response headers ({@code custom-headers}), as name-value pairs made once per snapshot. They replace
 * the upstream's headers of the same name, as ingress-nginx's {@code more_set_headers} does. The model has checked
 * names and values; the translator has refused those that frame a message or belong to one connection.
 */
public final class ResponseHeaders {

    private static final AsciiString[] NONE = new AsciiString[0];

    private ResponseHeaders() {
    }

    /** The headers as {name, value, name, value, ...}. */
    public static AsciiString[] compile(Map<String, String> headers) {
        if (headers.isEmpty()) {
            return NONE;
        }
        AsciiString[] pairs = new AsciiString[headers.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            pairs[i++] = AsciiString.cached(header.getKey());
            pairs[i++] = AsciiString.of(header.getValue());
        }
        return pairs;
    }

    public static void set(HttpHeaders target, AsciiString[] pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            target.set(pairs[i], pairs[i + 1]);
        }
    }
}
