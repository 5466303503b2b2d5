package dev.gatehouse.controller.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatcherTest {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration SETTLE = Duration.ofMillis(300);

    @TempDir
    Path directory;

    @Test
    void a_file_emptied_and_written_again_is_read_once_the_write_is_done_so_its_objects_never_go_missing() throws Exception {
        Path file = directory.resolve("services.yaml");
        Files.writeString(file, service("one"));
        ManifestDirectory manifests = new ManifestDirectory(directory);
        manifests.load();
        List<List<String>> loads = new CopyOnWriteArrayList<>();

        try (DirectoryWatcher watcher = new DirectoryWatcher(directory, POLL, SETTLE,
                () -> loads.add(manifests.load().services().stream().map(s -> s.getMetadata().getName()).toList()))) {
            Files.writeString(file, "");
            Files.writeString(file, service("two"));

            await().atMost(Duration.ofSeconds(10)).until(() -> !loads.isEmpty());
            assertThat(loads).allSatisfy(names -> assertThat(names).isNotEmpty());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(loads).last().isEqualTo(List.of("two")));
        }
    }

    @Test
    void a_directory_written_without_pause_is_still_reported() throws Exception {
        Path file = directory.resolve("services.yaml");
        Files.writeString(file, service("zero"));
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);

        try (DirectoryWatcher watcher = new DirectoryWatcher(directory, POLL, SETTLE, () -> seen.add("change"))) {
            Thread writer = new Thread(() -> {
                for (int version = 0; writing.get(); version++) {
                    try {
                        Files.writeString(file, service("v" + version));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, "busy-writer");
            writer.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> !seen.isEmpty());
            } finally {
                writing.set(false);
                writer.join(5_000);
            }
        }
    }

    private static String service(String name) {
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                spec:
                  ports:
                  - port: 80
                """.formatted(name);
    }
}
