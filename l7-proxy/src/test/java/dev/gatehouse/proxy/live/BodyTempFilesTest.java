package dev.gatehouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyTempFilesTest {

    @TempDir
    Path temp;

    @Test
    void aMissingDirectoryIsCreatedForItsOwnerAloneAndHoldsOwnerOnlyFiles() throws IOException {
        Path dir = temp.resolve("deep").resolve("bodies");
        try (BodyTempFiles files = new BodyTempFiles(dir)) {
            Path file = files.create();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(file.getParent()).isEqualTo(dir);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        assertThat(dir).isDirectory();
    }

    @Test
    void aDirectoryOthersMayEnterIsRefusedAtStart() throws IOException {
        Path open = Files.createDirectory(temp.resolve("open"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> new BodyTempFiles(open)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("others may use it (rwxr-xr-x; expected owner-only permissions, rwx------)");
    }

    @Test
    void aSymbolicLinkIsNotFollowed() throws IOException {
        Path target = Files.createDirectory(temp.resolve("target"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path link = Files.createSymbolicLink(temp.resolve("link"), target);

        assertThatThrownBy(() -> new BodyTempFiles(link)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("it is not a directory (a symbolic link is not followed)");
    }

    @Test
    void withoutAConfiguredDirectoryTheProcessMakesItsOwnAndRemovesItAtClose() throws IOException {
        BodyTempFiles files = new BodyTempFiles(null);
        Path file = files.create();
        Path dir = file.getParent();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        files.close();
        assertThat(dir).doesNotExist();
    }
}
