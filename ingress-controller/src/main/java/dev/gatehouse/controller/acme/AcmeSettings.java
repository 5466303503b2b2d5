package dev.gatehouse.controller.acme;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * How certificates are ordered.
 *
 * @param directory  the ACME directory ({@code --acme-directory}, Let's Encrypt's production one by default)
 * @param email      the account's contact ({@code --acme-email}), or null
 * @param trusted    CAs for the directory's own HTTPS certificate ({@code --acme-ca-file}); empty for the Java runtime's
 * @param storage    standalone only: the directory of the account key and certificates ({@code --acme-storage})
 * @param timeout    how long a challenge or an order may take before the attempt counts as failed
 * @param retryFirst the wait after a first failure; it doubles with each failure in a row, with jitter
 * @param retryMax   the longest wait between attempts
 * @param checkEvery how often the Secrets are checked even when nothing changed (drift, deleted Secrets)
 */
public record AcmeSettings(URI directory, String email, List<X509Certificate> trusted, Path storage, Duration timeout,
                           Duration retryFirst, Duration retryMax, Duration checkEvery) {

    public static final URI LETS_ENCRYPT = URI.create("https://acme-v02.api.letsencrypt.org/directory");
    public static final String ACCOUNT_SECRET = "gatehouse-acme-account";
    public static final String CHALLENGE_SECRET = "gatehouse-acme-challenges";
    /** Standalone objects have no cluster namespace of their own: the account and challenges live under this one. */
    public static final String STANDALONE_NAMESPACE = "gatehouse";

    public AcmeSettings {
        trusted = List.copyOf(trusted);
    }

    /** Defaults for the production use of a directory: minutes between retries, up to an hour. */
    public static AcmeSettings of(URI directory, String email, List<X509Certificate> trusted, Path storage) {
        return new AcmeSettings(directory, email, trusted, storage, Duration.ofMinutes(2), Duration.ofMinutes(1),
                Duration.ofHours(1), Duration.ofMinutes(5));
    }
}
