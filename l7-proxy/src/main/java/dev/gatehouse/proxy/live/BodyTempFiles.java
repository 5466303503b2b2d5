package dev.gatehouse.proxy.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where request bodies larger than their memory buffer ({@code proxy-request-buffering}), and answers read ahead beyond
 * theirs ({@code proxy-buffering}), wait: a directory only the proxy's user may enter, holding files only it may read. A configured directory is created when missing and refused
 * at start when others may enter it, since the bodies may carry credentials; without one, a directory of this process's
 * own is made under the JVM's temporary directory at the first body that needs it, and removed at shutdown.
 */
public final class BodyTempFiles implements AutoCloseable {

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path configured;
    private Path directory;

    /** @param configured the directory to use, or null for one of this process's own */
    public BodyTempFiles(Path configured) {
        this.configured = configured;
        if (configured != null) {
            try {
                directory = prepare(configured);
            } catch (IOException e) {
                throw new UncheckedIOException("request body directory " + configured + " cannot be used: " + e.getMessage(), e);
            }
        }
    }

    private static Path prepare(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("it is not a directory (a symbolic link is not followed)");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!OWNER_DIRECTORY.containsAll(permissions)) {
            throw new IOException("others may use it (" + PosixFilePermissions.toString(permissions)
                    + "; expected owner-only permissions, rwx------)");
        }
        return dir;
    }

    /** A new empty file, readable and writable by the owner only; the caller deletes it. */
    public Path create() throws IOException {
        return Files.createTempFile(directory(), "body-", ".tmp", OWNER_FILE);
    }

    /** The directory the files go in, made now if it is this process's own. */
    public synchronized Path directory() throws IOException {
        if (directory == null) {
            directory = Files.createTempDirectory("gatehouse-bodies-", PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        }
        return directory;
    }

    /** Removes a directory of this process's own, with any file an exchange did not get to delete. */
    @Override
    public synchronized void close() {
        if (configured != null || directory == null) {
            return;
        }
        try (DirectoryStream<Path> left = Files.newDirectoryStream(directory)) {
            for (Path file : left) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // what is left lies in the system's temporary directory, owner-only, and goes when the system cleans it
        }
        directory = null;
    }
}
