package dev.gatehouse.dns.route53;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * TXT texts as the sync holds them (plain) and as Route 53 stores them: one or more quoted character
 * strings of at most 255 bytes each, with {@code "} and {@code \} escaped by a backslash and anything
 * outside printable ASCII written as a {@code \ddd} octal escape of its UTF-8 bytes.
 */
final class TxtValues {

    /** A DNS character string holds at most 255 bytes; a longer text is several strings in one record. */
    static final int MAX_STRING_BYTES = 255;

    private TxtValues() {
    }

    /** The Route 53 value for a text: {@code "first 255 bytes" "next 255 bytes" ...}. */
    static String quote(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder value = new StringBuilder(bytes.length + 2 * (bytes.length / MAX_STRING_BYTES + 1));
        int start = 0;
        do {
            int end = Math.min(bytes.length, start + MAX_STRING_BYTES);
            if (start > 0) {
                value.append(' ');
            }
            value.append('"');
            for (int i = start; i < end; i++) {
                appendEscaped(value, bytes[i] & 0xff);
            }
            value.append('"');
            start = end;
        } while (start < bytes.length);
        return value.toString();
    }

    /** The plain text of a Route 53 value: its character strings unescaped and joined without separators. */
    static String unquote(String value) {
        ByteArrayOutputStream text = new ByteArrayOutputStream(value.length());
        int i = 0;
        int length = value.length();
        while (i < length) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                i++;
                while (i < length && value.charAt(i) != '"') {
                    i = readOne(value, i, text);
                }
                i++;
            } else {
                // Route 53 also keeps values written without quotes; whitespace ends such a string.
                while (i < length && !Character.isWhitespace(value.charAt(i))) {
                    i = readOne(value, i, text);
                }
            }
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    private static void appendEscaped(StringBuilder value, int b) {
        if (b == '"' || b == '\\') {
            value.append('\\').append((char) b);
        } else if (b >= 0x20 && b < 0x7f) {
            value.append((char) b);
        } else {
            value.append('\\')
                    .append((char) ('0' + (b >> 6)))
                    .append((char) ('0' + ((b >> 3) & 7)))
                    .append((char) ('0' + (b & 7)));
        }
    }

    /** Reads one character or escape at {@code i} into {@code text}; returns the index after it. */
    private static int readOne(String value, int i, ByteArrayOutputStream text) {
        char c = value.charAt(i);
        if (c == '\\' && i + 1 < value.length()) {
            if (i + 3 < value.length() && isOctalDigit(value.charAt(i + 1)) && isOctalDigit(value.charAt(i + 2))
                    && isOctalDigit(value.charAt(i + 3))) {
                text.write(Integer.parseInt(value.substring(i + 1, i + 4), 8) & 0xff);
                return i + 4;
            }
            return writeCodePoint(value, i + 1, text);
        }
        return writeCodePoint(value, i, text);
    }

    private static int writeCodePoint(String value, int i, ByteArrayOutputStream text) {
        int codePoint = value.codePointAt(i);
        text.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
        return i + Character.charCount(codePoint);
    }

    private static boolean isOctalDigit(char c) {
        return c >= '0' && c <= '7';
    }
}
