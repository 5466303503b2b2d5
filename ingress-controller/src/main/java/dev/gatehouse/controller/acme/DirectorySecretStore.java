package dev.gatehouse.controller.acme;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Secrets as manifest files in a directory of their own, {@code NAMESPACE.NAME.yaml}, for standalone
 * mode: readable only by the owner (they hold private keys), written whole and moved into place so a
 * reader never sees half a file, and loaded into the view like the served manifests.
 */
public final class DirectorySecretStore implements SecretStore {

    private final Path directory;
    private final Runnable onChange;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /**
     * @param directory made (owner only) at the first write, so that nothing is left behind where no Ingress asks
     * @param onChange  called after each write, so that the view is read again
     */
    public DirectorySecretStore(Path directory, Runnable onChange) {
        this.directory = directory;
        this.onChange = onChange;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Secret get(String namespace, String name) {
        Path file = file(namespace, name);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return serialization.unmarshal(Files.readString(file), Secret.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(Secret secret) {
        Path file = file(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
        try {
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temporary = Files.createTempFile(directory, ".secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, serialization.asYaml(secret));
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        onChange.run();
    }

    private Path file(String namespace, String name) {
        return directory.resolve(namespace + "." + name + ".yaml");
    }
}
