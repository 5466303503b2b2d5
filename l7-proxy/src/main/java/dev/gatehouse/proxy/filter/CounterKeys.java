package dev.gatehouse.proxy.filter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The memcached key of a global rate limit's counter, laid out as lua-resty-global-throttle (ingress-nginx) lays it out:
 * {@code NAMESPACE.KEY.WINDOW.counter}, the window being the number of whole windows since the epoch. The key's value
 * comes from the request (a header, a cookie), so it is kept as it is only when it is short and made of characters an
 * address or a token has; anything else (spaces, CR/LF, other bytes memcached's text protocol forbids, more than its 250
 * bytes) is replaced by {@code ~} and the SHA-256 of the value, a form no kept value can take, so no value can
 * stand for another's counter.
 */
final class CounterKeys {

    /** memcached's longest key. */
    static final int MAX_KEY = 250;
    private static final Pattern KEPT = Pattern.compile("[A-Za-z0-9._:-]+");

    private CounterKeys() {
    }

    static String of(String namespace, String value, long window) {
        String suffix = "." + window + ".counter";
        int room = MAX_KEY - namespace.length() - 1 - suffix.length();
        String part = value.length() <= room && KEPT.matcher(value).matches() ? value : hashed(value);
        return namespace + "." + part + suffix;
    }

    private static String hashed(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
