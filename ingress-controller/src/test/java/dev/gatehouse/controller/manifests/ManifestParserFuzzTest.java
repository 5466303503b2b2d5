package dev.gatehouse.controller.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Any file in the manifest directory is either read into objects or refused with a problem that names the file,
 * never an exception or error of another kind (a stack overflow, an out-of-memory) and never a stall (Jazzer's
 * time limit per input). Seeds: the repository's manifests, each kind Gatehouse reads, YAML and JSON, small alias
 * bombs, deep nesting, recursive aliases, tags and wrong field types.
 */
class ManifestParserFuzzTest {

    private static final Path FILE = Path.of("fuzzed.yaml");
    private final ManifestParser parser = new ManifestParser();

    @FuzzTest
    void anyFileIsReadOrRefusedWithAProblemNamingIt(byte[] input) {
        try {
            assertThat(parser.parse(FILE, new String(input, StandardCharsets.UTF_8))).doesNotContainNull();
        } catch (ManifestException refused) {
            assertThat(refused.problem().file()).isEqualTo(FILE);
            assertThat(refused.problem().message()).isNotBlank();
        }
    }
}
