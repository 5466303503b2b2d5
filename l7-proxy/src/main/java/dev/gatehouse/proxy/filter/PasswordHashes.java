package dev.gatehouse.proxy.filter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.RuntimeCryptoException;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * Checks a password against one htpasswd or crypt(3) hash of a route's basic auth: bcrypt ({@code $2a$},
 * {@code $2b$}, {@code $2y$}), Apache MD5 ({@code $apr1$}), MD5-crypt ({@code $1$}), SHA-256 and SHA-512
 * crypt ({@code $5$}, {@code $6$}) and {@code {SHA}} (base64 of SHA-1). Any other form, and a malformed
 * hash, never matches.
 *
 * <p>bcrypt takes tens of milliseconds by design, and the crypt forms can be given many rounds: only
 * {@link PasswordChecks} calls this, on its own threads, never an event loop.
 */
final class PasswordHashes {

    private static final String SHA_PREFIX = "{SHA}";

    private PasswordHashes() {
    }

    /** Whether {@code password} is the one {@code hash} was made from. */
    static boolean matches(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        // a fresh array for each call: the crypt functions overwrite the key they are given
        byte[] key = password.getBytes(StandardCharsets.UTF_8);
        try {
            if (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$")) {
                // Bouncy Castle compares the digests in constant time itself
                return OpenBSDBCrypt.checkPassword(hash, key);
            }
            if (hash.startsWith("$apr1$")) {
                return sameText(Md5Crypt.apr1Crypt(key, hash), hash);
            }
            if (hash.startsWith("$1$")) {
                return sameText(Md5Crypt.md5Crypt(key, hash), hash);
            }
            if (hash.startsWith("$5$")) {
                return sameText(Sha2Crypt.sha256Crypt(key, hash), hash);
            }
            if (hash.startsWith("$6$")) {
                return sameText(Sha2Crypt.sha512Crypt(key, hash), hash);
            }
            if (hash.startsWith(SHA_PREFIX)) {
                return sameText(SHA_PREFIX + Base64.getEncoder().encodeToString(sha1(key)), hash);
            }
        } catch (IllegalArgumentException | RuntimeCryptoException malformed) {
            // a length, salt or cost the library cannot read: such a hash matches nothing
            return false;
        }
        return false;
    }

    /** Constant time in the content, so a mismatch does not tell how many leading characters were right. */
    private static boolean sameText(String computed, String stored) {
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8), stored.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha1(byte[] key) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
