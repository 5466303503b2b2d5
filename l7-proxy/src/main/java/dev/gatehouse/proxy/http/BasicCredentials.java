package dev.gatehouse.proxy.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The user and password of an {@code Authorization: Basic} header (RFC 7617): base64 of
 * {@code user:password} in UTF-8. Never logged; {@link #toString} names the user only.
 */
public record BasicCredentials(String user, String password) {

    private static final String SCHEME = "Basic";

    /** The credentials of a header value, or null when it is absent or not well-formed basic credentials. */
    public static BasicCredentials parse(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.strip();
        if (value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || value.charAt(SCHEME.length()) != ' ') {
            return null;
        }
        String token = value.substring(SCHEME.length() + 1).stripLeading();
        String decoded;
        try {
            byte[] bytes = Base64.getDecoder().decode(token);
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (IllegalArgumentException | CharacterCodingException notBase64OrUtf8) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // RFC 7617 section 2: no control characters, and a user id without ':'; an empty user id names no one
            return null;
        }
        return new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]";
    }
}
