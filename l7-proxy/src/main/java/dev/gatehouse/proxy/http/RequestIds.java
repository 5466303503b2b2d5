package dev.gatehouse.proxy.http;

import io.netty.util.AsciiString;
import java.util.concurrent.ThreadLocalRandom;

/** {@code X-Request-ID}: kept when the client sent one, else 32 random hex digits (ingress-nginx's format). */
public final class RequestIds {

    public static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RequestIds() {
    }

    public static AsciiString generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] id = new byte[32];
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 0; i < 16; i++) {
            id[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
            id[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
        }
        return new AsciiString(id, false);
    }
}
