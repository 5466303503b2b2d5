package dev.gatehouse.controller.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.controller.view.ClusterView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A manifest file written to hurt the parser (aliases that expand to billions of nodes, nesting ten thousand deep,
 * a file of many megabytes) is refused with a problem that names the file and the limit it broke, while the other
 * files of the directory are still served. The time limit is only a guard against a hang, far above the
 * milliseconds these take.
 */
class HostileManifestTest {

    private static final Duration HANG_GUARD = Duration.ofSeconds(30);
    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata: {name: web}
            spec:
              ports: [{port: 80}]
            """;

    @TempDir
    Path directory;

    @Test
    void theClassicBillionLaughsIsRefusedNamingTheFileAndTheAliasLimit() throws IOException {
        write("good.yaml", SERVICE);
        Path bomb = write("laughs.yaml", configMap("laughs") + billionLaughs());

        ManifestDirectory manifests = new ManifestDirectory(directory);
        ClusterView view = assertTimeoutPreemptively(HANG_GUARD, manifests::load);

        assertThat(view.services()).extracting(s -> s.getMetadata().getName()).containsExactly("web");
        assertThat(view.configMaps()).isEmpty();
        assertThat(manifests.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(bomb);
            assertThat(problem.toString()).startsWith(bomb.toString()).contains("aliases");
        });
    }

    @Test
    void aBombThatStaysWithinTheAliasCountIsRefusedForWhatItExpandsTo() throws IOException {
        write("good.yaml", SERVICE);
        Path bomb = write("cubes.yaml", configMap("cubes") + expandingWithFewAliases());

        ManifestDirectory manifests = new ManifestDirectory(directory);
        ClusterView view = assertTimeoutPreemptively(HANG_GUARD, manifests::load);

        assertThat(view.services()).hasSize(1);
        assertThat(view.configMaps()).isEmpty();
        assertThat(manifests.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(bomb);
            assertThat(problem.message()).contains("aliases expand to more than " + ManifestLimits.MAX_EXPANDED_NODES + " nodes");
        });
    }

    @Test
    void nestingTenThousandDeepIsRefusedNamingTheFileTheLineAndTheDepthLimit() throws IOException {
        write("good.yaml", SERVICE);
        Path deep = write("deep.yaml", configMap("deep") + "nested: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");

        ManifestDirectory manifests = new ManifestDirectory(directory);
        ClusterView view = assertTimeoutPreemptively(HANG_GUARD, manifests::load);

        assertThat(view.services()).hasSize(1);
        assertThat(manifests.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(deep);
            assertThat(problem.line()).isEqualTo(4);
            assertThat(problem.message()).contains("nested more than " + ManifestLimits.MAX_DEPTH + " levels deep");
        });
    }

    @Test
    void deepNestingInJsonIsRefusedTheSameWay() throws IOException {
        Path deep = write("deep.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"deep\"}, \"x\": "
                + "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_000) + "}");

        ManifestDirectory manifests = new ManifestDirectory(directory);
        assertTimeoutPreemptively(HANG_GUARD, manifests::load);

        assertThat(manifests.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(deep);
            assertThat(problem.message()).contains("nested more than " + ManifestLimits.MAX_DEPTH + " levels deep");
        });
    }

    @Test
    void aRecursiveAliasIsRefused() throws IOException {
        Path loop = write("loop.yaml", configMap("loop") + "loop: &self [*self]\n");

        ManifestDirectory manifests = new ManifestDirectory(directory);
        assertTimeoutPreemptively(HANG_GUARD, manifests::load);

        assertThat(manifests.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(loop);
            assertThat(problem.message()).contains("recursive");
        });
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedWithoutParsingIt() throws IOException {
        Path large = write("large.yaml", configMap("large") + "data:\n  big: \"" + "x".repeat(ManifestLimits.MAX_FILE_BYTES) + "\"\n");

        ManifestDirectory manifests = new ManifestDirectory(directory);
        assertTimeoutPreemptively(HANG_GUARD, manifests::load);

        assertThat(manifests.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo(large);
            assertThat(problem.message()).contains("larger than " + ManifestLimits.MAX_FILE_BYTES + " bytes");
        });
    }

    @Test
    void anchorsAndAliasesOfOrdinaryManifestsStillWork() throws IOException {
        write("shared.yaml", """
                apiVersion: v1
                kind: List
                items:
                - apiVersion: v1
                  kind: Service
                  metadata: {name: a, labels: &common {app: shop, tier: web}}
                  spec: {ports: [{port: 80}]}
                - apiVersion: v1
                  kind: Service
                  metadata: {name: b, labels: *common}
                  spec: {ports: [{port: 80}]}
                """);

        ManifestDirectory manifests = new ManifestDirectory(directory);
        ClusterView view = manifests.load();

        assertThat(manifests.problems()).isEmpty();
        assertThat(view.services()).extracting(s -> s.getMetadata().getLabels().get("tier")).containsExactly("web", "web");
    }

    /** Ten levels of ten aliases each: 10^10 strings once expanded, from under a kilobyte. */
    private static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("lol0: &lol0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
        for (int level = 1; level <= 9; level++) {
            yaml.append("lol").append(level).append(": &lol").append(level).append(" [");
            for (int i = 0; i < 10; i++) {
                yaml.append(i == 0 ? "" : ", ").append("*lol").append(level - 1);
            }
            yaml.append("]\n");
        }
        return yaml.toString();
    }

    /**
     * Sixteen levels of three aliases (48, within SnakeYAML's default limit of 50 aliases to collections) over a
     * list of a hundred strings: 4.3 billion strings once expanded.
     */
    private static String expandingWithFewAliases() {
        StringBuilder yaml = new StringBuilder("c0: &c0 [").append("\"x\", ".repeat(99)).append("\"x\"]\n");
        for (int level = 1; level <= 16; level++) {
            String previous = "*c" + (level - 1);
            yaml.append("c").append(level).append(": &c").append(level).append(" [")
                    .append(previous).append(", ").append(previous).append(", ").append(previous).append("]\n");
        }
        return yaml.toString();
    }

    private static String configMap(String name) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "}\n";
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content);
    }
}
