package dev.gatehouse.controller.manifests;

import java.nio.file.Path;

/**
 * A manifest file, or a document in it, that could not be used.
 *
 * @param file    the file
 * @param line    the 1-based line the problem is at, 0 when it concerns the whole file
 * @param message what is wrong and what was expected
 */
public record ManifestProblem(Path file, int line, String message) {

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
