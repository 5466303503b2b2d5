package dev.gatehouse.controller.translate.annotations;

import com.google.re2j.Pattern;
import dev.gatehouse.routing.Compression;
import java.util.Arrays;
import java.util.List;

/**
 * The global ConfigMap's compression keys ({@code use-gzip}, {@code gzip-level}, {@code gzip-min-length},
 * {@code gzip-types}, {@code gzip-disable}, {@code enable-brotli}, {@code brotli-level}, {@code brotli-min-length},
 * {@code brotli-types}), with ingress-nginx's defaults where a key is absent or cannot be used (reported).
 */
final class CompressionKeys {

    private static final List<String> KEYS = List.of("use-gzip", "gzip-level", "gzip-min-length", "gzip-types", "gzip-disable",
            "enable-brotli", "brotli-level", "brotli-min-length", "brotli-types");

    private CompressionKeys() {
    }

    /** The compression the ConfigMap asks for; null when it names none of the keys, so that nothing is compressed. */
    static Compression read(AnnotationReader reader) {
        if (KEYS.stream().allMatch(key -> reader.value(key) == null)) {
            return null;
        }
        Compression.Codec gzip = Compression.OFF.gzip();
        Compression.Codec brotli = Compression.OFF.brotli();
        return new Compression(
                new Compression.Codec(reader.flag("use-gzip", false), level(reader, "gzip-level", 1, 9, gzip.level()),
                        length(reader, "gzip-min-length", gzip.minLength()), types(reader, "gzip-types", gzip.types())),
                new Compression.Codec(reader.flag("enable-brotli", false), level(reader, "brotli-level", 0, 11, brotli.level()),
                        length(reader, "brotli-min-length", brotli.minLength()), types(reader, "brotli-types", brotli.types())),
                userAgents(reader));
    }

    private static int level(AnnotationReader reader, String key, int least, int most, int fallback) {
        String[] found = reader.value(key);
        if (found == null) {
            return fallback;
        }
        String text = found[1].trim();
        if (text.matches("[0-9]{1,2}") && Integer.parseInt(text) >= least && Integer.parseInt(text) <= most) {
            return Integer.parseInt(text);
        }
        reader.warn(found, "is not a compression level (expected " + least + " to " + most + "); using " + fallback);
        return fallback;
    }

    private static long length(AnnotationReader reader, String key, long fallback) {
        String[] found = reader.value(key);
        if (found == null) {
            return fallback;
        }
        String text = found[1].trim();
        if (text.matches("[0-9]{1,12}")) {
            return Long.parseLong(text);
        }
        reader.warn(found, "is not a length in bytes (expected a whole number such as 256); using " + fallback);
        return fallback;
    }

    /** MIME types separated by spaces, as nginx's gzip_types takes them; parameters after {@code ;} are not part of a type. */
    private static List<String> types(AnnotationReader reader, String key, List<String> fallback) {
        String[] found = reader.value(key);
        if (found == null) {
            return fallback;
        }
        List<String> types = Arrays.stream(found[1].trim().split("[\\s,]+")).filter(type -> !type.isEmpty()).toList();
        for (String type : types) {
            if (!type.equals("*") && !type.matches("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+*-]+")) {
                reader.warn(found, "is not a list of MIME types (expected types such as \"text/css application/json\", "
                        + "or *); using ingress-nginx's default list");
                return fallback;
            }
        }
        return types;
    }

    /** {@code gzip-disable}: an RE2 expression; one that RE2 cannot compile (such as a look-ahead) is reported and unused. */
    private static Pattern userAgents(AnnotationReader reader) {
        String[] found = reader.value("gzip-disable");
        if (found == null || found[1].isBlank()) {
            return null;
        }
        try {
            return Compression.userAgents(found[1]);
        } catch (IllegalArgumentException e) {
            reader.warn(found, "is not a regular expression Gatehouse can use (RE2 syntax, without look-ahead or back-references: "
                    + e.getMessage() + "); every client that accepts gzip gets it");
            return null;
        }
    }
}
