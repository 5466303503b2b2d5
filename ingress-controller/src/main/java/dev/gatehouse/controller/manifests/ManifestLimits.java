package dev.gatehouse.controller.manifests;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;

/**
 * What a manifest file may ask of the parser, checked on SnakeYAML's event stream (which holds nothing but the
 * current path) before any node or object is built, so that a file written to hurt the process is refused in
 * time proportional to its size:
 * <ul>
 *   <li>its size: the file is read whole ({@value #MAX_FILE_BYTES} bytes, as SnakeYAML's own default limit);</li>
 *   <li>how deep it nests: building nodes, objects and JSON trees recurses once per level, and Kubernetes objects
 *       nest a few tens of levels at most;</li>
 *   <li>how much its aliases add once expanded: SnakeYAML only counts aliases to collections (at most 50), which
 *       still lets three aliases per level over sixteen levels expand a few hundred bytes into billions of nodes
 *       when Jackson converts the tree; an alias may not refer to a node it is inside (a cycle).</li>
 * </ul>
 */
final class ManifestLimits {

    static final int MAX_FILE_BYTES = 3 * 1024 * 1024;
    static final int MAX_DEPTH = 100;
    static final int MAX_EXPANDED_NODES = 100_000;

    private ManifestLimits() {
    }

    /** SnakeYAML's settings for a manifest: its own limits set explicitly, the same as this class checks. */
    static LoadSettings settings(Path file) {
        return LoadSettings.builder()
                .setLabel(file.toString())
                .setCodePointLimit(MAX_FILE_BYTES)
                .setMaxAliasesForCollections(50)
                .setAllowRecursiveKeys(false)
                .build();
    }

    /** @throws ManifestException naming the limit the text breaks, and the line where it did */
    static void check(Path file, String text, LoadSettings settings) throws ManifestException {
        if (text.length() > MAX_FILE_BYTES) {
            throw tooLarge(file);
        }
        // the expanded size of each finished anchored node, and the anchors of the collections still open
        Map<Anchor, Long> sizes = new HashMap<>();
        Set<Anchor> open = new HashSet<>();
        ArrayDeque<OpenNode> path = new ArrayDeque<>();
        long added = 0;
        for (Event event : new Parse(settings).parseString(text)) {
            switch (event.getEventId()) {
                case DocumentStart -> sizes.clear();
                case SequenceStart, MappingStart -> {
                    if (path.size() == MAX_DEPTH) {
                        throw refused(file, event, "nested more than " + MAX_DEPTH + " levels deep (expected a Kubernetes "
                                + "object, which nests far less)");
                    }
                    OpenNode collection = new OpenNode(((NodeEvent) event).getAnchor().orElse(null));
                    path.push(collection);
                    if (collection.anchor != null) {
                        open.add(collection.anchor);
                    }
                }
                case SequenceEnd, MappingEnd -> {
                    OpenNode collection = path.pop();
                    if (collection.anchor != null) {
                        open.remove(collection.anchor);
                        sizes.put(collection.anchor, collection.size);
                    }
                    addTo(path, collection.size);
                }
                case Scalar -> {
                    ((NodeEvent) event).getAnchor().ifPresent(anchor -> sizes.put(anchor, 1L));
                    addTo(path, 1);
                }
                case Alias -> {
                    Anchor alias = ((AliasEvent) event).getAlias();
                    if (open.contains(alias)) {
                        throw refused(file, event, "the alias *" + alias + " is inside the node it refers to (a recursive "
                                + "alias; expected aliases to repeat finished parts)");
                    }
                    // an unknown anchor is SnakeYAML's to report, with its own message
                    long size = sizes.getOrDefault(alias, 1L);
                    added += size;
                    if (added > MAX_EXPANDED_NODES) {
                        throw refused(file, event, "its aliases expand to more than " + MAX_EXPANDED_NODES + " nodes (expected "
                                + "aliases to repeat small parts; this looks like an alias bomb)");
                    }
                    addTo(path, size);
                }
                default -> {
                }
            }
        }
    }

    static ManifestException tooLarge(Path file) {
        return new ManifestException(new ManifestProblem(file, 0, "refused: larger than " + MAX_FILE_BYTES + " bytes (expected "
                + "manifests of at most " + (MAX_FILE_BYTES >> 20) + " MiB a file: split it)"));
    }

    private static void addTo(ArrayDeque<OpenNode> path, long size) {
        if (!path.isEmpty()) {
            path.peek().size += size;
        }
    }

    private static ManifestException refused(Path file, Event event, String reason) {
        return new ManifestException(new ManifestProblem(file, event.getStartMark().map(mark -> mark.getLine() + 1).orElse(0),
                "refused: " + reason));
    }

    /** A sequence or mapping being read: its anchor, if any, and its nodes so far, aliases expanded. */
    private static final class OpenNode {
        private final Anchor anchor;
        private long size = 1;

        OpenNode(Anchor anchor) {
            this.anchor = anchor;
        }
    }
}
