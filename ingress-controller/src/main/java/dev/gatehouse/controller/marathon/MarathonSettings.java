package dev.gatehouse.controller.marathon;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where and how to read Marathon.
 *
 * @param urls             base URLs of one Marathon cluster (e.g. {@code http://marathon-1:8080}, or
 *                         {@code https://leader.mesos/marathon} behind DC/OS Admin Router), as marathon-lb's
 *                         {@code --marathon} list: tried in order until one answers, which is then tried first
 *                         until it fails
 * @param credentials      what to authenticate with: none, HTTP basic, or a DC/OS token
 * @param resyncInterval   how often to re-read every app even when no event came, so that a missed event or a
 *                         stream that hangs without closing costs at most this much staleness
 * @param connectTimeout   how long to wait for a TCP (and TLS) connection to one URL before trying the next
 * @param readTimeout      how long to wait for one URL to answer {@code /v2/apps} before trying the next; the event
 *                         stream has none, as it stays open
 * @param reconnectMin     the wait before reopening the event stream after it dropped once
 * @param reconnectMax     the longest wait between attempts while the event stream keeps failing
 */
public record MarathonSettings(List<URI> urls, Credentials credentials, Duration resyncInterval,
                               Duration connectTimeout, Duration readTimeout, Duration reconnectMin,
                               Duration reconnectMax) {

    /**
     * Five minutes, as marathon-lb's {@code --sse} mode, the one Gatehouse works like: it reads everything again
     * after 300 s without an event, and reopens a stream that stalled that long. Poll mode's 60 s is for users
     * without events; here events carry the changes, and a full read of a large Marathon is not free.
     */
    public static final Duration DEFAULT_RESYNC_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /** marathon-lb's 3.05 s connect and 46 s read: a large Marathon renders {@code /v2/apps} in seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(45);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);

    public MarathonSettings {
        if (urls == null || urls.isEmpty()) {
            throw new IllegalArgumentException("marathon: at least one URL is needed (expected: http://host:8080)");
        }
        List<URI> checked = new ArrayList<>();
        for (URI url : urls) {
            checked.add(checked(url));
        }
        urls = List.copyOf(checked);
        if (credentials == null) {
            throw new IllegalArgumentException("marathon: credentials must not be null (expected: Credentials.none())");
        }
        positive("resync interval", resyncInterval);
        positive("connect timeout", connectTimeout);
        positive("read timeout", readTimeout);
        positive("reconnect minimum", reconnectMin);
        positive("reconnect maximum", reconnectMax);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("marathon: reconnect maximum " + reconnectMax
                    + " must not be shorter than the reconnect minimum " + reconnectMin);
        }
    }

    /** The given URLs, no credentials and the defaults above. */
    public static MarathonSettings of(List<URI> urls) {
        return new MarathonSettings(urls, Credentials.none(), DEFAULT_RESYNC_INTERVAL, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_READ_TIMEOUT, DEFAULT_RECONNECT_MIN, DEFAULT_RECONNECT_MAX);
    }

    /** As {@link #of(List)}, from strings such as {@code http://marathon-1:8080}. */
    public static MarathonSettings of(String... urls) {
        List<URI> parsed = new ArrayList<>();
        for (String url : urls) {
            try {
                parsed.add(new URI(url));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("marathon URL \"" + redacted(url) + "\" is not a URL: "
                        + e.getReason() + " (expected: http://host:8080)");
            }
        }
        return of(parsed);
    }

    public MarathonSettings withCredentials(Credentials credentials) {
        return new MarathonSettings(urls, credentials, resyncInterval, connectTimeout, readTimeout, reconnectMin, reconnectMax);
    }

    public MarathonSettings withResyncInterval(Duration resyncInterval) {
        return new MarathonSettings(urls, credentials, resyncInterval, connectTimeout, readTimeout, reconnectMin, reconnectMax);
    }

    public MarathonSettings withTimeouts(Duration connectTimeout, Duration readTimeout) {
        return new MarathonSettings(urls, credentials, resyncInterval, connectTimeout, readTimeout, reconnectMin, reconnectMax);
    }

    public MarathonSettings withReconnect(Duration reconnectMin, Duration reconnectMax) {
        return new MarathonSettings(urls, credentials, resyncInterval, connectTimeout, readTimeout, reconnectMin, reconnectMax);
    }

    private static URI checked(URI url) {
        if (url == null) {
            throw new IllegalArgumentException("marathon: a URL must not be null");
        }
        String scheme = url.getScheme();
        if (url.getRawUserInfo() != null) {
            // credentials in a URL end up in logs; they have their own setting
            throw new IllegalArgumentException("marathon URL \"" + redacted(url.toString())
                    + "\" must not carry credentials (expected: basic auth or a DC/OS token as credentials)");
        }
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || url.getHost() == null) {
            throw new IllegalArgumentException("marathon URL \"" + url + "\" must be absolute http or https "
                    + "(expected: http://host:8080)");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("marathon URL \"" + url + "\" must not have a query or fragment "
                    + "(expected: http://host:8080 or https://host/marathon)");
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    private static String redacted(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }

    private static void positive(String what, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException("marathon: " + what + " " + value + " must be positive");
        }
    }

    /** How Gatehouse authenticates to Marathon. {@code toString} never shows a secret. */
    public sealed interface Credentials permits None, Basic, Token {

        static Credentials none() {
            return new None();
        }

        /** HTTP basic authentication, as marathon-lb's {@code --auth-credentials}. */
        static Credentials basic(String user, String password) {
            return new Basic(user, password);
        }

        /**
         * HTTP basic authentication from marathon-lb's {@code user:password} form; the password may hold colons.
         */
        static Credentials parseBasic(String userColonPassword) {
            int colon = userColonPassword == null ? -1 : userColonPassword.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("marathon credentials must be user:password (expected: a user, "
                        + "a colon, then the password)");
            }
            return new Basic(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
        }

        /** A DC/OS authentication token, sent as {@code Authorization: token=...}. */
        static Credentials token(String token) {
            return new Token(token);
        }
    }

    public record None() implements Credentials {
    }

    public record Basic(String user, String password) implements Credentials {

        public Basic {
            if (user == null || user.isEmpty() || user.contains(":")) {
                throw new IllegalArgumentException("marathon basic-auth user must be non-empty and without a colon");
            }
            if (password == null) {
                throw new IllegalArgumentException("marathon basic-auth password of user " + user + " must not be null");
            }
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    public record Token(String token) implements Credentials {

        public Token {
            if (token == null || token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("marathon DC/OS token must be non-empty printable ASCII "
                        + "without spaces");
            }
        }

        @Override
        public String toString() {
            return "Token[***]";
        }
    }
}
