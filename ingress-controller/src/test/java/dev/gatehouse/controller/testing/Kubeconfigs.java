package dev.gatehouse.controller.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file for the command line's {@code --kubeconfig}, naming one API server and a token. */
public final class Kubeconfigs {

    private Kubeconfigs() {
    }

    /** Writes {@code kubeconfig} in {@code directory} for the API server at {@code server} and returns its path. */
    public static Path write(Path directory, String server) throws IOException {
        Path file = directory.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """.formatted(server));
        return file;
    }
}
