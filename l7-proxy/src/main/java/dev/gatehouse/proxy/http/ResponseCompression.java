package dev.gatehouse.proxy.http;

import dev.gatehouse.routing.Compression;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import java.util.Locale;

/**
 * Whether an answer is compressed, and how, by nginx's rules for gzip and brotli: only a 200, 403 or 404 answer, not
 * already encoded, not a range, of a listed type ({@code text/html} always, never gRPC), not known to be shorter than
 * the codec's minimum; brotli first when the client accepts both. An answer that could be compressed by its type says
 * {@code Vary: Accept-Encoding} whether or not this client gets it compressed, so that caches keep the two apart.
 */
public final class ResponseCompression {

    /** How the answer goes out. */
    public enum Coding { IDENTITY, GZIP, BROTLI }

    /**
     * @param coding        the coding to apply
     * @param vary          whether the answer must say {@code Vary: Accept-Encoding}
     * @param brotliMissing whether the answer would have been brotli but brotli's native library is not loaded
     */
    public record Choice(Coding coding, boolean vary, boolean brotliMissing) {
        static final Choice NONE = new Choice(Coding.IDENTITY, false, false);
    }

    private ResponseCompression() {
    }

    /**
     * @param accepted        what the client accepts ({@link AcceptEncoding#accepted})
     * @param http10          whether the request was HTTP/1.0, which is never compressed (nginx's gzip_http_version 1.1)
     * @param userAgent       the request's User-Agent, or null
     * @param brotliAvailable whether brotli's native library is loaded
     */
    public static Choice choose(Compression compression, int accepted, boolean http10, String userAgent, boolean brotliAvailable,
                                HttpResponse response) {
        boolean brotli = eligible(compression.brotli(), response);
        boolean gzip = eligible(compression.gzip(), response);
        if (!brotli && !gzip) {
            return Choice.NONE;
        }
        boolean brotliMissing = false;
        if (!http10 && brotli && (accepted & AcceptEncoding.BROTLI) != 0) {
            if (brotliAvailable) {
                return new Choice(Coding.BROTLI, true, false);
            }
            brotliMissing = true;
        }
        if (!http10 && gzip && (accepted & AcceptEncoding.GZIP) != 0 && !refusedGzip(compression, userAgent)) {
            return new Choice(Coding.GZIP, true, brotliMissing);
        }
        return new Choice(Coding.IDENTITY, true, brotliMissing);
    }

    /** Adds {@code Vary: Accept-Encoding} unless the answer already varies by it (or by everything). */
    public static void addVary(HttpHeaders headers) {
        for (String value : headers.getAll(HttpHeaderNames.VARY)) {
            for (String field : value.split(",")) {
                String name = field.trim();
                if (name.equals("*") || name.equalsIgnoreCase("accept-encoding")) {
                    return;
                }
            }
        }
        headers.add(HttpHeaderNames.VARY, "Accept-Encoding");
    }

    private static boolean refusedGzip(Compression compression, String userAgent) {
        return compression.gzipDisable() != null && userAgent != null && compression.gzipDisable().matcher(userAgent).find();
    }

    private static boolean eligible(Compression.Codec codec, HttpResponse response) {
        if (!codec.enabled()) {
            return false;
        }
        int status = response.status().code();
        if (status != 200 && status != 403 && status != 404) {
            return false;
        }
        HttpHeaders headers = response.headers();
        String encoding = headers.get(HttpHeaderNames.CONTENT_ENCODING);
        if (encoding != null && !encoding.isBlank() || headers.contains(HttpHeaderNames.CONTENT_RANGE)) {
            return false;
        }
        long length = length(response);
        return (length < 0 || length >= codec.minLength()) && typeListed(codec, headers.get(HttpHeaderNames.CONTENT_TYPE));
    }

    /** The body's length when the answer says it; -1 when it does not (or says it unreadably). */
    private static long length(HttpResponse response) {
        if (response instanceof HttpContent whole) {
            return whole.content().readableBytes();
        }
        String value = response.headers().get(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean typeListed(Compression.Codec codec, String contentType) {
        String type = contentType == null ? "" : mediaType(contentType);
        if (type.startsWith("application/grpc")) {
            // gRPC frames its own messages and says how they are compressed; a coding around them breaks every client
            return false;
        }
        if (codec.types().contains("*")) {
            return true;
        }
        return !type.isEmpty() && (type.equals("text/html") || codec.types().contains(type));
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
