package dev.gatehouse.proxy.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CorpusFileTest {

    @Test
    void send_lines_are_concatenated_and_their_escapes_decoded_to_exact_bytes() {
        var entries = CorpusFile.parse("""
                # a comment
                id: one
                description: d
                source: s
                send: A\\r\\n\\t\\0\\\\\\xff\\x20
                send: \\(3)z\\(2)\\r
                """);

        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.id()).isEqualTo("one");
            assertThat(entry.bytes()).containsExactly('A', '\r', '\n', '\t', 0, '\\', 0xff, ' ', 'z', 'z', 'z', '\r', '\r');
        });
    }

    @Test
    void an_entry_without_a_source_is_refused() {
        assertThatThrownBy(() -> CorpusFile.parse("id: x\ndescription: d\nsend: GET\n"))
                .hasMessageContaining("needs id, description, source and send lines");
    }
}
