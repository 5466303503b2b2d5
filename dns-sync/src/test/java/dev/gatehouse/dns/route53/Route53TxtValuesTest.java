package dev.gatehouse.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Route53TxtValuesTest {

    @Test
    void quotesAShortTextAsOneString() {
        assertThat(TxtValues.quote("v=spf1 -all")).isEqualTo("\"v=spf1 -all\"");
        assertThat(TxtValues.quote("")).isEqualTo("\"\"");
    }

    @Test
    void splitsATextLongerThan255CharactersIntoSeveralStrings() {
        assertThat(TxtValues.quote("a".repeat(255))).isEqualTo("\"" + "a".repeat(255) + "\"");
        assertThat(TxtValues.quote("a".repeat(255) + "b".repeat(255) + "c"))
                .isEqualTo("\"" + "a".repeat(255) + "\" \"" + "b".repeat(255) + "\" \"c\"");
    }

    @Test
    void escapesQuotesBackslashesAndAnythingOutsidePrintableAscii() {
        assertThat(TxtValues.quote("say \"hi\" \\ café\n")).isEqualTo("\"say \\\"hi\\\" \\\\ caf\\303\\251\\012\"");
    }

    @Test
    void readsStringsWithAndWithoutQuotesAndJoinsThem() {
        assertThat(TxtValues.unquote("\"abc\" \"def\"")).isEqualTo("abcdef");
        assertThat(TxtValues.unquote("abc def")).isEqualTo("abcdef");
        assertThat(TxtValues.unquote("\"a b\"")).isEqualTo("a b");
        assertThat(TxtValues.unquote("\"caf\\303\\251 \\\"x\\\"\"")).isEqualTo("café \"x\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "heritage=gatehouse,owner=\"edge\"", "back\\slash", "ünïcödé ✓ 𝄞", "tab\there"})
    void readingWhatWasWrittenGivesTheTextBack(String text) {
        assertThat(TxtValues.unquote(TxtValues.quote(text))).isEqualTo(text);
        String long_ = text + "x".repeat(600) + text;
        assertThat(TxtValues.unquote(TxtValues.quote(long_))).isEqualTo(long_);
    }
}
