package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.tls.CertificateProblem;
import dev.gatehouse.tls.PemCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The flags of ordering certificates by ACME, for the Ingresses that ask with {@code gatehouse.dev/tls-acme}. */
final class AcmeOptions {

    @Option(names = "--acme-directory", paramLabel = "URL", defaultValue = "https://acme-v02.api.letsencrypt.org/directory",
            description = "ACME (RFC 8555) directory that certificates are ordered from (default: Let's Encrypt production, "
                    + "${DEFAULT-VALUE}; its staging directory or any RFC 8555 server, such as step-ca, work too).")
    String directory;

    @Option(names = "--acme-email", paramLabel = "ADDRESS",
            description = "Contact address of the ACME account, for expiry notices (default: none).")
    String email;

    @Option(names = "--acme-ca-file", paramLabel = "FILE",
            description = "PEM file of the CAs that the ACME directory's own HTTPS certificate is checked against, for a "
                    + "private ACME server (default: the Java runtime's CAs).")
    Path caFile;

    @Option(names = "--acme-storage", paramLabel = "DIR",
            description = "Standalone mode: directory that keeps the ACME account key and the certificates ordered, as "
                    + "Secret manifests readable by their owner only (default: ~/.gatehouse/acme). In a cluster they are Secrets.")
    Path storage;

    AcmeSettings settings(CommandLine commandLine) {
        URI uri;
        try {
            uri = new URI(directory);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--acme-directory': '" + directory
                    + "' is not an http or https URL (expected the URL of an ACME directory)");
        }
        List<X509Certificate> trusted = List.of();
        if (caFile != null) {
            try {
                trusted = PemCertificates.certificates(Files.readString(caFile));
            } catch (NoSuchFileException e) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--acme-ca-file': '" + caFile
                        + "' does not exist (expected a PEM file of CA certificates)");
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--acme-ca-file': cannot read '"
                        + caFile + "' (" + e.getMessage() + ")");
            } catch (CertificateProblem e) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--acme-ca-file': '" + caFile
                        + "': " + e.getMessage() + " (expected PEM certificates)");
            }
        }
        Path where = storage != null ? storage : Path.of(System.getProperty("user.home"), ".gatehouse", "acme");
        return AcmeSettings.of(uri, email, trusted, where.toAbsolutePath());
    }
}
