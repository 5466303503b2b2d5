package dev.gatehouse.proxy.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of a batch of access-log lines, reused from batch to batch by the writer thread and written with one call
 * (one system call for a file or a pipe). Text goes in as UTF-8, escaped for the field it is in.
 */
final class LineBuffer {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes = new byte[64 * 1024];
    private int size;

    int size() {
        return size;
    }

    /** Writes the bytes and empties the buffer, also when the write fails: those lines are lost, not retried. */
    void writeTo(OutputStream out) throws IOException {
        int length = size;
        size = 0;
        out.write(bytes, 0, length);
    }

    LineBuffer ascii(char c) {
        ensure(1);
        bytes[size++] = (byte) c;
        return this;
    }

    /** Text known to be printable ASCII: field names, formatted times, the proxy's own labels. */
    LineBuffer ascii(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            bytes[size++] = (byte) text.charAt(i);
        }
        return this;
    }

    LineBuffer number(long value) {
        if (value < 0) {
            ascii('-');
            if (value == Long.MIN_VALUE) {
                return ascii("9223372036854775808");
            }
            value = -value;
        }
        ensure(20);
        int start = size;
        do {
            bytes[size++] = (byte) ('0' + value % 10);
            value /= 10;
        } while (value > 0);
        for (int i = start, j = size - 1; i < j; i++, j--) {
            byte swap = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = swap;
        }
        return this;
    }

    /** {@code thousandths / 1000} with three decimals: a duration in milliseconds or seconds. */
    LineBuffer thousandths(long thousandths) {
        number(thousandths / 1000).ascii('.');
        long fraction = thousandths % 1000;
        ensure(3);
        bytes[size++] = (byte) ('0' + fraction / 100);
        bytes[size++] = (byte) ('0' + fraction / 10 % 10);
        bytes[size++] = (byte) ('0' + fraction % 10);
        return this;
    }

    /** A JSON string value with its quotes, or {@code null}. */
    LineBuffer jsonString(CharSequence value) {
        if (value == null) {
            return ascii("null");
        }
        ascii('"');
        int length = value.length();
        // most values are plain ASCII: copied in one tight loop, the rest of the value from its first other character
        ensure(length);
        int i = 0;
        for (char c; i < length && (c = value.charAt(i)) >= 0x20 && c < 0x80 && c != '"' && c != '\\'; i++) {
            bytes[size++] = (byte) c;
        }
        for (; i < length; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                ascii('\\').ascii(c);
            } else if (c < 0x20) {
                ascii("\\u00").hex(c);
            } else if (c < 0x80) {
                ascii(c);
            } else {
                i = utf8(value, i);
            }
        }
        return ascii('"');
    }

    /**
     * A field of a combined line as nginx writes it ({@code escape=default}): a quote, a backslash, and every byte
     * outside printable ASCII become {@code \xHH}, so that no value a client sends can end its field, start a line or
     * pass for another field. The codec reads each byte of a request as one character, so such a character is the
     * byte the client sent; a wider one is escaped byte by byte of its UTF-8.
     */
    LineBuffer nginxEscaped(CharSequence value) {
        if (value == null) {
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                ascii(c);
            } else if (c <= 0xff) {
                ascii("\\x").hex(c);
            } else {
                int start = size;
                i = utf8(value, i);
                int end = size;
                byte[] encoded = Arrays.copyOfRange(bytes, start, end);
                size = start;
                for (byte b : encoded) {
                    ascii("\\x").hex(b & 0xff);
                }
            }
        }
        return this;
    }

    /** A combined field that is {@code -} when absent or empty. */
    LineBuffer nginxOrDash(CharSequence value) {
        return value == null || value.length() == 0 ? ascii('-') : nginxEscaped(value);
    }

    private LineBuffer hex(int octet) {
        ensure(2);
        bytes[size++] = HEX[octet >> 4];
        bytes[size++] = HEX[octet & 0xf];
        return this;
    }

    /** The UTF-8 of the character at {@code i} (with its low surrogate); returns the index of its last char. */
    private int utf8(CharSequence value, int i) {
        char c = value.charAt(i);
        ensure(4);
        if (c < 0x800) {
            bytes[size++] = (byte) (0xc0 | c >> 6);
            bytes[size++] = (byte) (0x80 | c & 0x3f);
            return i;
        }
        if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
            int code = Character.toCodePoint(c, value.charAt(i + 1));
            bytes[size++] = (byte) (0xf0 | code >> 18);
            bytes[size++] = (byte) (0x80 | code >> 12 & 0x3f);
            bytes[size++] = (byte) (0x80 | code >> 6 & 0x3f);
            bytes[size++] = (byte) (0x80 | code & 0x3f);
            return i + 1;
        }
        if (Character.isSurrogate(c)) {
            // half of a pair: not a character, and not to be passed on as one
            bytes[size++] = '?';
            return i;
        }
        bytes[size++] = (byte) (0xe0 | c >> 12);
        bytes[size++] = (byte) (0x80 | c >> 6 & 0x3f);
        bytes[size++] = (byte) (0x80 | c & 0x3f);
        return i;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
