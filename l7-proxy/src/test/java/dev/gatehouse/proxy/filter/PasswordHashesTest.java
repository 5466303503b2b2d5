package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashesTest {

    private static final String PASSWORD = "s3cret pass";
    private static final byte[] SALT = "sixteen byte slt".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(strings = {"2a", "2b", "2y"})
    void bcrypt_matches_its_password_only(String version) {
        String hash = OpenBSDBCrypt.generate(version, PASSWORD.toCharArray(), SALT, 4);

        assertThat(hash).startsWith("$" + version + "$04$");
        assertThat(PasswordHashes.matches(PASSWORD, hash)).isTrue();
        assertThat(PasswordHashes.matches("s3cret pas", hash)).isFalse();
        assertThat(PasswordHashes.matches("", hash)).isFalse();
    }

    @Test
    void apache_md5_matches_its_password_only() {
        String made = Md5Crypt.apr1Crypt(key());
        // made by `openssl passwd -apr1 -salt gAte5alt 's3cret pass'`
        String fromOpenssl = "$apr1$gAte5alt$50tiXyOHAL54GgYCqzr7m.";

        assertThat(PasswordHashes.matches(PASSWORD, made)).isTrue();
        assertThat(PasswordHashes.matches(PASSWORD, fromOpenssl)).isTrue();
        assertThat(PasswordHashes.matches("S3cret pass", made)).isFalse();
        assertThat(PasswordHashes.matches("S3cret pass", fromOpenssl)).isFalse();
    }

    @Test
    void md5_crypt_matches_its_password_only() {
        String made = Md5Crypt.md5Crypt(key());
        // made by `openssl passwd -1 -salt Ab12 's3cret pass'`
        String fromOpenssl = "$1$Ab12$ieSUDkMdc6Nv2iDe6g.Ia/";

        assertThat(PasswordHashes.matches(PASSWORD, made)).isTrue();
        assertThat(PasswordHashes.matches(PASSWORD, fromOpenssl)).isTrue();
        assertThat(PasswordHashes.matches("other", made)).isFalse();
    }

    @Test
    void sha_256_and_sha_512_crypt_match_their_password_only_with_default_and_explicit_rounds() {
        for (String hash : new String[] {Sha2Crypt.sha256Crypt(key()), Sha2Crypt.sha512Crypt(key()),
                Sha2Crypt.sha256Crypt(key(), "$5$rounds=2000$saltsalt"), Sha2Crypt.sha512Crypt(key(), "$6$rounds=2000$saltsalt")}) {
            assertThat(PasswordHashes.matches(PASSWORD, hash)).as(hash).isTrue();
            assertThat(PasswordHashes.matches(PASSWORD + "!", hash)).as(hash).isFalse();
        }
    }

    @Test
    void sha1_in_braces_matches_its_password_only() throws Exception {
        String made = "{SHA}" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-1").digest(PASSWORD.getBytes(StandardCharsets.UTF_8)));
        // made by `echo -n 's3cret pass' | openssl dgst -sha1 -binary | base64`
        String fromOpenssl = "{SHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=";

        assertThat(made).isEqualTo(fromOpenssl);
        assertThat(PasswordHashes.matches(PASSWORD, fromOpenssl)).isTrue();
        assertThat(PasswordHashes.matches("s3cret", fromOpenssl)).isFalse();
    }

    @Test
    void a_password_outside_ascii_is_hashed_as_utf_8() {
        String password = "pässwörd ✓";
        String hash = OpenBSDBCrypt.generate("2y", password.getBytes(StandardCharsets.UTF_8), SALT, 4);

        assertThat(PasswordHashes.matches(password, hash)).isTrue();
        assertThat(PasswordHashes.matches(password, Md5Crypt.apr1Crypt(password.getBytes(StandardCharsets.UTF_8)))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s3cret pass", "plain", "$2y$", "$2y$04$tooShort", "$2y$99$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234",
            "$2x$04$abcdefghijklmnopqrstuuabcdefghijklmnopqrstuvwxyz01234", "$apr1$", "$apr1$$", "$1$", "$5$", "$6$",
            "$5$rounds=x$salt$hash", "{SHA}", "{SHA}not base64!", "{SSHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
            "$y$j9T$salt$hash"})
    void a_malformed_or_unknown_hash_matches_nothing(String hash) {
        assertThat(PasswordHashes.matches(PASSWORD, hash)).isFalse();
        assertThat(PasswordHashes.matches("", hash)).isFalse();
    }

    @Test
    void checking_leaves_no_trace_between_calls() {
        String hash = Sha2Crypt.sha512Crypt(key());

        assertThat(PasswordHashes.matches(PASSWORD, hash)).isTrue();
        assertThat(PasswordHashes.matches(PASSWORD, hash)).isTrue();
    }

    @Test
    void a_missing_password_or_hash_matches_nothing() {
        assertThat(PasswordHashes.matches(null, "{SHA}ohgYgF2kkgMlRbH1HlEDczlOc+M=")).isFalse();
        assertThat(PasswordHashes.matches(PASSWORD, null)).isFalse();
    }

    /** The crypt functions of commons-codec overwrite the key they are given: a fresh one each time. */
    private static byte[] key() {
        return PASSWORD.getBytes(StandardCharsets.UTF_8);
    }
}
