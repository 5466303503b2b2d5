package dev.gatehouse.controller.manifests;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls back when anything in a directory may have changed. The file system's watch service reports
 * changes at once where it can (inotify on Linux); a check of names, sizes and modification times every
 * {@code pollInterval} catches what it misses (polling implementations, some network file systems).
 * Callbacks carry no detail: the reader reads the whole directory again.
 *
 * <p>A change is reported once the directory has been still for {@code settle}: most tools save a file by
 * truncating it and writing it again, and a read between the two would see an empty file, whose objects would
 * then be gone from the routes until the next read. Writes that never pause are still reported after
 * {@code MAX_SETTLE_ROUNDS} settle periods, so a busy directory cannot hold a change back forever.
 */
public final class DirectoryWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final Path directory;
    private final Runnable onChange;
    private static final int MAX_SETTLE_ROUNDS = 20;

    private final Duration pollInterval;
    private final Duration settle;
    private final WatchService watchService;
    private final Thread thread;
    private volatile boolean closed;
    private Map<String, String> fingerprint;

    public DirectoryWatcher(Path directory, Duration pollInterval, Duration settle, Runnable onChange) throws IOException {
        this.directory = directory;
        this.onChange = onChange;
        this.pollInterval = pollInterval;
        this.settle = settle;
        this.watchService = directory.getFileSystem().newWatchService();
        directory.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY);
        this.fingerprint = fingerprint();
        this.thread = new Thread(this::watch, "gatehouse-manifest-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void watch() {
        while (!closed) {
            try {
                WatchKey key = watchService.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
                boolean changed = drained(key);
                Map<String, String> now = fingerprint();
                if (changed || !now.equals(fingerprint)) {
                    fingerprint = settled(now);
                    onChange.run();
                }
            } catch (ClosedWatchServiceException | InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("watching {} failed; retrying", directory, e);
            }
        }
    }

    /** Waits until a settle period passes without an event or a difference in the directory. */
    private Map<String, String> settled(Map<String, String> seen) throws InterruptedException {
        Map<String, String> last = seen;
        for (int round = 0; round < MAX_SETTLE_ROUNDS; round++) {
            boolean changed = drained(watchService.poll(settle.toMillis(), TimeUnit.MILLISECONDS));
            Map<String, String> now = fingerprint();
            if (!changed && now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private boolean drained(WatchKey key) {
        if (key == null) {
            return false;
        }
        boolean changed = !key.pollEvents().isEmpty();
        if (!key.reset()) {
            log.error("manifest directory {} can no longer be watched; changes are found by polling", directory);
        }
        return changed;
    }

    private Map<String, String> fingerprint() {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            files.forEach(file -> {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    entries.put(file.getFileName().toString(), attributes.size() + "@" + attributes.lastModifiedTime().toMillis());
                } catch (IOException gone) {
                    entries.put(file.getFileName().toString(), "gone");
                }
            });
        } catch (IOException e) {
            entries.put("", "unlistable: " + e.getMessage());
        }
        return entries;
    }

    @Override
    public void close() {
        closed = true;
        try {
            watchService.close();
            thread.join(2000);
        } catch (IOException e) {
            log.debug("closing the watch service of {} failed", directory, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
