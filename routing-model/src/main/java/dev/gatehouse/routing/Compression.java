package dev.gatehouse.routing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * How the proxy compresses answers for clients that accept it: ingress-nginx's global {@code use-gzip},
 * {@code gzip-level}, {@code gzip-min-length}, {@code gzip-types}, {@code gzip-disable} and {@code enable-brotli},
 * {@code brotli-level}, {@code brotli-min-length}, {@code brotli-types}. Brotli is preferred when the client accepts
 * both, as nginx with the brotli module does.
 *
 * @param gzip        gzip's settings
 * @param brotli      brotli's settings
 * @param gzipDisable the User-Agent pattern (RE2, case-insensitive, found anywhere in the value) of clients never sent
 *                    gzip; null for none
 */
public record Compression(Codec gzip, Codec brotli, Pattern gzipDisable) {

    /** The MIME types ingress-nginx compresses with gzip by default (text/html always is). */
    public static final List<String> GZIP_TYPES = List.of("application/atom+xml", "application/javascript",
            "application/x-javascript", "application/json", "application/rss+xml", "application/vnd.ms-fontobject",
            "application/x-font-ttf", "application/x-web-app-manifest+json", "application/xhtml+xml", "application/xml",
            "font/opentype", "image/svg+xml", "image/x-icon", "text/css", "text/javascript", "text/plain", "text/x-component");

    /** The MIME types ingress-nginx compresses with brotli by default: gzip's and {@code application/xml+rss}. */
    public static final List<String> BROTLI_TYPES = List.of("application/xml+rss", "application/atom+xml",
            "application/javascript", "application/x-javascript", "application/json", "application/rss+xml",
            "application/vnd.ms-fontobject", "application/x-font-ttf", "application/x-web-app-manifest+json",
            "application/xhtml+xml", "application/xml", "font/opentype", "image/svg+xml", "image/x-icon", "text/css",
            "text/javascript", "text/plain", "text/x-component");

    /** Nothing compressed; ingress-nginx's levels, lengths and types for when a key turns a codec on. */
    public static final Compression OFF = new Compression(new Codec(false, 1, 256, GZIP_TYPES),
            new Codec(false, 4, 20, BROTLI_TYPES), null);

    public Compression {
        if (gzip == null || brotli == null) {
            throw new IllegalArgumentException("gzip and brotli settings must be set (Compression.OFF for none)");
        }
        if (gzip.level < 1 || gzip.level > 9) {
            throw new IllegalArgumentException("gzip level " + gzip.level + " must be 1-9");
        }
        if (brotli.level < 0 || brotli.level > 11) {
            throw new IllegalArgumentException("brotli level " + brotli.level + " must be 0-11");
        }
        if (gzipDisable != null && gzipDisable.flags() != Pattern.CASE_INSENSITIVE) {
            throw new IllegalArgumentException("gzip-disable pattern must be case-insensitive; use Compression.userAgents to compile it");
        }
    }

    /** Whether anything is compressed at all. */
    public boolean enabled() {
        return gzip.enabled || brotli.enabled;
    }

    public Compression withGzip(Codec value) {
        return new Compression(value, brotli, gzipDisable);
    }

    public Compression withBrotli(Codec value) {
        return new Compression(gzip, value, gzipDisable);
    }

    public Compression withGzipDisable(Pattern value) {
        return new Compression(gzip, brotli, value);
    }

    /**
     * A User-Agent pattern as {@code gzip-disable} names it, compiled with RE2's syntax, case-insensitive as nginx
     * matches it; nginx's special {@code msie6} stands for MSIE 4 to 6.
     *
     * @throws IllegalArgumentException when it is not an RE2 expression, saying what is wrong
     */
    public static Pattern userAgents(String expression) {
        String source = expression.trim().equals("msie6") ? "MSIE [4-6]\\." : expression;
        try {
            return Pattern.compile(source, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * One codec's settings.
     *
     * @param enabled   whether it is used
     * @param level     the compression level (gzip 1-9, brotli 0-11)
     * @param minLength answers whose Content-Length is below this are sent as they are (an answer of unknown length is
     *                  compressed)
     * @param types     MIME types compressed besides {@code text/html}, lower case, without parameters; {@code *} for all
     */
    public record Codec(boolean enabled, int level, long minLength, List<String> types) {

        public Codec {
            if (minLength < 0) {
                throw new IllegalArgumentException("compression min length " + minLength + " must be at least 0");
            }
            types = types.stream().map(type -> type.trim().toLowerCase(Locale.ROOT)).filter(type -> !type.isEmpty()).toList();
        }

        public Codec enabled(boolean value) {
            return new Codec(value, level, minLength, types);
        }
    }
}
