package dev.gatehouse.controller.acme;

import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.tls.acme.AcmeFailure;
import dev.gatehouse.tls.acme.ChallengeResponder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes HTTP-01 answers as the entries (token: key authorization) of one Secret, which every replica
 * reads into its routing snapshot; {@link #publish} returns once this replica's live snapshot answers the
 * token, which the other replicas reach through the same watch at about the same time.
 */
public final class ChallengeBoard implements ChallengeResponder {

    private static final Logger log = LoggerFactory.getLogger(ChallengeBoard.class);

    private final SecretStore store;
    private final String namespace;
    private final String name;
    private final Duration timeout;
    private final Map<String, String> answers = new TreeMap<>();
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();
    private volatile RoutingSnapshot live = RoutingSnapshot.empty();

    private record Waiting(String keyAuthorization, CompletableFuture<Void> served) {
    }

    /** @param timeout how long a published answer may take to be live before the order gives up */
    public ChallengeBoard(SecretStore store, String namespace, String name, Duration timeout) {
        this.store = store;
        this.namespace = namespace;
        this.name = name;
        this.timeout = timeout;
    }

    /** {@code namespace/name} of the Secret, which the translator reads the answers from. */
    public String secretRef() {
        return namespace + "/" + name;
    }

    /** After each snapshot this replica made live. */
    public void published(RoutingSnapshot snapshot) {
        live = snapshot;
        waiting.forEach((token, wait) -> {
            if (wait.keyAuthorization().equals(snapshot.acmeChallenge(token))) {
                wait.served().complete(null);
            }
        });
    }

    @Override
    public void publish(String token, String keyAuthorization) throws AcmeFailure, InterruptedException {
        Waiting wait = new Waiting(keyAuthorization, new CompletableFuture<>());
        waiting.put(token, wait);
        try {
            synchronized (answers) {
                answers.put(token, keyAuthorization);
                write();
            }
            published(live);
            wait.served().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AcmeFailure("the answer to HTTP-01 challenge " + token + " was not live in the routing snapshot within "
                    + timeout.toSeconds() + "s (expected the Secret " + secretRef() + " to be read back)");
        } catch (ExecutionException | RuntimeException e) {
            throw new AcmeFailure("publishing the answer to HTTP-01 challenge " + token + " in the Secret " + secretRef()
                    + " failed: " + e.getMessage(), e);
        } finally {
            waiting.remove(token);
        }
    }

    @Override
    public void withdraw(String token) {
        synchronized (answers) {
            if (answers.remove(token) != null) {
                try {
                    write();
                } catch (RuntimeException e) {
                    // a stale answer is harmless (tokens are single-use); the next write carries the removal
                    log.warn("removing the answer to HTTP-01 challenge {} from the Secret {} failed: {}", token, secretRef(),
                            e.getMessage());
                }
            }
        }
    }

    private void write() {
        Map<String, String> data = new HashMap<>();
        answers.forEach((token, answer) -> data.put(token,
                Base64.getEncoder().encodeToString(answer.getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name)
                .addToLabels(AcmeSecrets.MANAGED_BY, AcmeSecrets.GATEHOUSE).endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
        store.put(secret);
    }
}
