package dev.gatehouse.proxy;

import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/** {@code X-Request-ID}: kept when the client sent one, else 32 random hex digits (ingress-nginx's format). */
final class RequestIds {

    static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestIds() {
    }

    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[32];
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 0; i < 16; i++) {
            id[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
            id[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
        }
        return new String(id);
    }
}
