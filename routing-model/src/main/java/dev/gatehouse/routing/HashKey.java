package dev.gatehouse.routing;

import java.util.Locale;

/** What a consistent hash is computed from. A request without the key hashes as the empty string. */
public sealed interface HashKey permits HashKey.Header, HashKey.Cookie, HashKey.ClientAddress, HashKey.RequestUri, HashKey.Host {

    /** A request header's value. */
    record Header(String name) implements HashKey {
        public Header {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a header hash key needs a header name");
            }
            name = name.toLowerCase(Locale.ROOT);
        }
    }

    /** A request cookie's value. */
    record Cookie(String name) implements HashKey {
        public Cookie {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a cookie hash key needs a cookie name");
            }
        }
    }

    /** The client's address (after PROXY protocol and trusted forwarded headers). */
    record ClientAddress() implements HashKey {
    }

    /** The request target, path and query. */
    record RequestUri() implements HashKey {
    }

    /** The Host the client asked for. */
    record Host() implements HashKey {
    }
}
