package dev.gatehouse.proxy.corpus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a corpus file: entries separated by blank lines, each with {@code id:}, {@code description:},
 * {@code source:} and one or more {@code send:} lines whose text (after {@code "send: "}) is concatenated
 * and decoded by {@link Escapes}; line breaks of the file itself are never part of the bytes. Lines
 * starting with {@code #} are comments.
 */
public final class CorpusFile {

    private CorpusFile() {
    }

    public static List<CorpusEntry> load(String resource) {
        try (InputStream in = CorpusFile.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<CorpusEntry> parse(String text) {
        List<CorpusEntry> entries = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Block block = new Block();
        for (String line : (text + "\n\n").split("\n", -1)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isBlank()) {
                if (block.started()) {
                    CorpusEntry entry = block.entry();
                    if (!ids.add(entry.id())) {
                        throw new IllegalArgumentException("corpus id " + entry.id() + " appears twice");
                    }
                    entries.add(entry);
                }
                block = new Block();
            } else {
                block.add(line);
            }
        }
        return entries;
    }

    private static final class Block {
        private String id;
        private String description;
        private String source;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean sends;

        boolean started() {
            return id != null || sends;
        }

        void add(String line) {
            if (line.startsWith("send: ")) {
                bytes.writeBytes(Escapes.decode(line.substring(6)));
                sends = true;
            } else if (line.startsWith("id: ")) {
                id = line.substring(4).trim();
            } else if (line.startsWith("description: ")) {
                description = line.substring(13).trim();
            } else if (line.startsWith("source: ")) {
                source = line.substring(8).trim();
            } else {
                throw new IllegalArgumentException("corpus line is none of id/description/source/send: " + line);
            }
        }

        CorpusEntry entry() {
            if (id == null || description == null || source == null || !sends) {
                throw new IllegalArgumentException("corpus entry " + id + " needs id, description, source and send lines");
            }
            return new CorpusEntry(id, description, source, bytes.toByteArray());
        }
    }
}
