package dev.gatehouse.proxy.corpus;

import java.io.ByteArrayOutputStream;

/**
 * The escape notation of corpus files, so that every byte is visible and survives editors: {@code \r \n \t \\},
 * {@code \0} (NUL), {@code \xHH} (any byte) and {@code \(N)c}, the next character or escape repeated N times
 * (for oversized lines). Every other character stands for its own ISO-8859-1 byte.
 */
final class Escapes {

    private Escapes() {
    }

    static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] at = {0};
        while (at[0] < text.length()) {
            out.writeBytes(next(text, at));
        }
        return out.toByteArray();
    }

    private static byte[] next(String text, int[] at) {
        char c = text.charAt(at[0]++);
        if (c != '\\') {
            return single(c);
        }
        char kind = text.charAt(at[0]++);
        return switch (kind) {
            case 'r' -> single('\r');
            case 'n' -> single('\n');
            case 't' -> single('\t');
            case '0' -> single('\0');
            case '\\' -> single('\\');
            case 'x' -> {
                at[0] += 2;
                yield new byte[] {(byte) Integer.parseInt(text.substring(at[0] - 2, at[0]), 16)};
            }
            case '(' -> {
                int close = text.indexOf(')', at[0]);
                int times = Integer.parseInt(text.substring(at[0], close));
                at[0] = close + 1;
                byte[] unit = next(text, at);
                byte[] repeated = new byte[unit.length * times];
                for (int i = 0; i < times; i++) {
                    System.arraycopy(unit, 0, repeated, i * unit.length, unit.length);
                }
                yield repeated;
            }
            default -> throw new IllegalArgumentException("unknown escape \\" + kind + " in: " + text);
        };
    }

    private static byte[] single(char c) {
        if (c > 0xFF) {
            throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " is not one byte: write it as \\xHH");
        }
        return new byte[] {(byte) c};
    }
}
