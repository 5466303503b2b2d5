package dev.gatehouse.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BasicCredentialsTest {

    @Test
    void the_user_and_password_come_from_base64_of_user_colon_password() {
        assertThat(BasicCredentials.parse("Basic " + encode("alice:open sesame")))
                .isEqualTo(new BasicCredentials("alice", "open sesame"));
    }

    @Test
    void the_scheme_is_case_insensitive_and_spaces_around_the_token_are_allowed() {
        assertThat(BasicCredentials.parse("basic   " + encode("alice:pw") + " ")).isEqualTo(new BasicCredentials("alice", "pw"));
        assertThat(BasicCredentials.parse("BASIC " + encode("alice:pw"))).isEqualTo(new BasicCredentials("alice", "pw"));
    }

    @Test
    void the_password_may_contain_colons_and_be_empty_and_is_read_as_utf_8() {
        assertThat(BasicCredentials.parse("Basic " + encode("bob:a:b:c"))).isEqualTo(new BasicCredentials("bob", "a:b:c"));
        assertThat(BasicCredentials.parse("Basic " + encode("bob:"))).isEqualTo(new BasicCredentials("bob", ""));
        assertThat(BasicCredentials.parse("Basic " + encode("jürgen:pässwörd"))).isEqualTo(new BasicCredentials("jürgen", "pässwörd"));
    }

    @Test
    void an_absent_header_has_no_credentials() {
        assertThat(BasicCredentials.parse(null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic", "Basic ", "Bearer abc.def", "Basicx YWxpY2U6cHc=", "Basic not*base64", "Basic YWxpY2U=",
            "Basic OnB3", "Basic YWxp\u0001Y2U6cHc=", "Digest username=\"alice\""})
    void a_malformed_header_has_no_credentials(String header) {
        assertThat(BasicCredentials.parse(header)).isNull();
    }

    @Test
    void bytes_that_are_not_utf_8_or_control_characters_are_no_credentials() {
        byte[] latin1 = "jürgen:pw".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(BasicCredentials.parse("Basic " + Base64.getEncoder().encodeToString(latin1))).isNull();
        assertThat(BasicCredentials.parse("Basic " + encode("alice:pw\n"))).isNull();
    }

    @Test
    void the_password_stays_out_of_to_string() {
        assertThat(BasicCredentials.parse("Basic " + encode("alice:hunter2")).toString()).contains("alice").doesNotContain("hunter2");
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
