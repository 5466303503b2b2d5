package dev.gatehouse.proxy.tls;

import io.netty.handler.ssl.OpenSslSessionTicketKey;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * The keys that seal TLS session tickets, made here and replaced every {@link #ROTATION}: the newest seals, the one
 * before it still opens the tickets it sealed (a ticket is good for minutes), and an older one is forgotten, so a key
 * is gone within hours.
 * Left to itself BoringSSL keeps a key for two days (and Netty turns tickets on for TLS 1.2 as well as 1.3 once 1.3
 * is enabled), so a stolen key would decrypt TLS 1.2 sessions of days past; ingress-nginx turns tickets off for
 * that reason, and forward secrecy asks for keys rotated within a day.
 */
final class TicketKeys {

    static final Duration ROTATION = Duration.ofHours(1);

    private final SecureRandom random = new SecureRandom();
    private volatile OpenSslSessionTicketKey[] keys = {newKey()};

    /** The sealing key first, then the one it replaced, if any. */
    OpenSslSessionTicketKey[] current() {
        return keys.clone();
    }

    void rotate() {
        keys = new OpenSslSessionTicketKey[] {newKey(), keys[0]};
    }

    private OpenSslSessionTicketKey newKey() {
        return new OpenSslSessionTicketKey(bytes(OpenSslSessionTicketKey.NAME_SIZE), bytes(OpenSslSessionTicketKey.HMAC_KEY_SIZE),
                bytes(OpenSslSessionTicketKey.AES_KEY_SIZE));
    }

    private byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }
}
