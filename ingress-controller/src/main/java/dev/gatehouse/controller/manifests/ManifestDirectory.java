package dev.gatehouse.controller.manifests;

import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of Kubernetes manifests as a source of {@link ClusterView}s.
 *
 * <p>Each {@link #load()} reads the directory again (level-triggered: what is there now, whatever
 * events led here). A file that no longer parses keeps contributing the objects of its last good version,
 * and the problem is logged once with its file and line; a file whose content did not change is not parsed
 * again. A file that was read before and is now empty (zero bytes) is taken as a save in progress and keeps its
 * objects; deleting the file removes them. Hidden files (names starting with a dot, such as a ConfigMap volume's {@code ..data}) are skipped.
 */
public final class ManifestDirectory {

    private static final Logger log = LoggerFactory.getLogger(ManifestDirectory.class);

    private final Path directory;
    private final ManifestParser parser = new ManifestParser();
    private Map<Path, Parsed> files = new HashMap<>();
    private List<ManifestProblem> problems = List.of();

    public ManifestDirectory(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    /** Reads the directory and returns what it holds now. */
    public synchronized ClusterView load() {
        Map<Path, Parsed> next = new HashMap<>();
        List<ManifestProblem> found = new ArrayList<>();
        for (Path file : manifestFiles(found)) {
            byte[] bytes;
            try {
                if (Files.size(file) > ManifestLimits.MAX_FILE_BYTES) {
                    found.add(ManifestLimits.tooLarge(file).problem());
                    keepLastGood(file, next);
                    continue;
                }
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                found.add(new ManifestProblem(file, 0, "cannot be read (" + e.getMessage() + ")"));
                keepLastGood(file, next);
                continue;
            }
            if (bytes.length == 0 && files.containsKey(file)) {
                // a save in progress: most tools truncate a file before writing it again, and a read can fall in
                // between (a rebuild may run at any moment); to remove a file's objects, delete the file
                keepLastGood(file, next);
                continue;
            }
            byte[] digest = digest(bytes);
            Parsed previous = files.get(file);
            if (previous != null && Arrays.equals(previous.digest, digest)) {
                next.put(file, previous);
                continue;
            }
            try {
                next.put(file, new Parsed(digest, parser.parse(file, new String(bytes, StandardCharsets.UTF_8))));
            } catch (ManifestException e) {
                found.add(e.problem());
                keepLastGood(file, next);
            }
        }
        files = next;
        List<HasMetadata> objects = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        next.keySet().stream().sorted().forEach(file -> {
            for (HasMetadata object : next.get(file).objects) {
                String identity = object.getKind() + " " + object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
                if (seen.add(identity)) {
                    objects.add(object);
                } else {
                    found.add(new ManifestProblem(file, 0, identity + " is defined more than once (expected each object "
                            + "in one document only; the first one, in file name order, is used)"));
                }
            }
        });
        report(found);
        return ClusterView.of(objects);
    }

    /** The problems of the last {@link #load()}. */
    public synchronized List<ManifestProblem> problems() {
        return problems;
    }

    private void keepLastGood(Path file, Map<Path, Parsed> next) {
        Parsed lastGood = files.get(file);
        if (lastGood != null) {
            next.put(file, lastGood);
        }
    }

    private List<Path> manifestFiles(List<ManifestProblem> found) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isRegularFile)
                    .filter(path -> {
                        String name = path.getFileName().toString();
                        String lower = name.toLowerCase(Locale.ROOT);
                        return !name.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"));
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            found.add(new ManifestProblem(directory, 0, "cannot be listed (" + e.getMessage() + "); serving the last good manifests"));
            return List.copyOf(files.keySet());
        }
    }

    private void report(List<ManifestProblem> found) {
        Set<ManifestProblem> before = new LinkedHashSet<>(problems);
        for (ManifestProblem problem : found) {
            if (!before.contains(problem)) {
                log.warn("{}{}", problem, files.containsKey(problem.file()) ? " (its last good version keeps serving)" : "");
            }
        }
        if (!problems.isEmpty() && found.isEmpty()) {
            log.info("every manifest in {} parses again", directory);
        }
        problems = List.copyOf(found);
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A file's content digest and the objects parsed from it. */
    private record Parsed(byte[] digest, List<HasMetadata> objects) {
    }
}
