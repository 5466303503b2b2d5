package dev.gatehouse.controller.acme;

import dev.gatehouse.controller.retry.Backoff;
import dev.gatehouse.controller.translate.AcmeRequest;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.tls.CertificateProblem;
import dev.gatehouse.tls.PemCertificates;
import dev.gatehouse.tls.acme.AcmeClient;
import dev.gatehouse.tls.acme.AcmeFailure;
import dev.gatehouse.tls.acme.AcmeKeys;
import dev.gatehouse.tls.acme.IssuedCertificate;
import dev.gatehouse.tls.acme.Renewal;
import io.fabric8.kubernetes.api.model.Secret;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ACME reconciler. Level-triggered: each pass reads the Secret of every requested certificate and
 * orders one when it is missing, was ordered for other hosts or from another directory, cannot be read,
 * or is two thirds through its life. Only the leader orders, one order at a time, on a thread of its own.
 * A Secret that exists without our label is never written, and reported. A failed order is reported
 * (a Warning Event on the Ingress, through {@link #problems()}) and retried with exponential backoff and
 * jitter, per Secret; one Secret's failures never hold up another's. Between passes, the next one is
 * scheduled for the earliest renewal or retry, and at least every {@code checkEvery}.
 */
public final class AcmeController implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AcmeController.class);

    private final AcmeClient client;
    private final SecretStore store;
    private final ChallengeBoard board;
    private final String accountNamespace;
    private final BooleanSupplier leader;
    private final Clock clock;
    private final Duration checkEvery;
    private final Backoff backoff;
    private final Runnable problemsChanged;
    private final Counter orders;
    private final ScheduledExecutorService executor;
    private final Map<String, Failure> failures = new HashMap<>();
    private volatile List<AcmeRequest> requests = List.of();
    private volatile List<Warning> problems = List.of();
    private final Map<String, String> orderStates = new ConcurrentHashMap<>();
    private ScheduledFuture<?> next;
    private KeyPair accountKey;

    private record Failure(int count, Instant retryAt, Warning warning) {
    }

    /**
     * @param accountNamespace where the account key's Secret lives
     * @param problemsChanged  called (on the controller's thread) when {@link #problems()} changed
     */
    public AcmeController(AcmeSettings settings, SecretStore store, ChallengeBoard board, String accountNamespace,
                          BooleanSupplier leader, Clock clock, Runnable problemsChanged, PrometheusRegistry registry) {
        this.client = new AcmeClient(settings.directory(), settings.email(), settings.trusted(), settings.timeout());
        this.store = store;
        this.board = board;
        this.accountNamespace = accountNamespace;
        this.leader = leader;
        this.clock = clock;
        this.checkEvery = settings.checkEvery();
        this.backoff = new Backoff(settings.retryFirst(), settings.retryMax(), () -> ThreadLocalRandom.current().nextDouble());
        this.problemsChanged = problemsChanged;
        this.orders = Counter.builder()
                .name("gatehouse_acme_orders_total")
                .help("ACME certificate orders, by result (issued or failed)")
                .labelNames("result")
                .withoutExemplars()
                .register(registry);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-acme");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** After each translation: what our Ingresses ask for now. A change is reconciled at once. */
    public void desired(List<AcmeRequest> latest) {
        if (!latest.equals(requests)) {
            requests = latest;
            soon();
        }
    }

    /** This replica became the leader: order what is due. */
    public void leading() {
        soon();
    }

    private void soon() {
        try {
            executor.execute(this::reconcile);
        } catch (RejectedExecutionException closed) {
            // after close, changes still arriving from the last rebuilds have nobody to act on them
        }
    }

    /**
     * The order state of each Secret this controller orders into, by {@code namespace/name}: issued (and when it
     * renews) or failed (and when it tries again); a Secret it has not looked at yet is absent.
     */
    public Map<String, String> orderStates() {
        Map<String, String> states = new TreeMap<>(orderStates);
        states.keySet().retainAll(requests.stream().map(AcmeRequest::secret).toList());
        return states;
    }

    /** What went wrong with each Secret, as warnings on the Ingresses that asked. */
    public List<Warning> problems() {
        return problems;
    }

    private void reconcile() {
        Instant now = clock.instant();
        Instant wake = now.plus(checkEvery);
        List<AcmeRequest> current = requests;
        failures.keySet().retainAll(current.stream().map(AcmeRequest::secret).toList());
        for (AcmeRequest request : current) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            Instant due = leader.getAsBoolean() ? check(request, now) : now.plus(checkEvery);
            wake = due.isBefore(wake) ? due : wake;
        }
        updateProblems();
        schedule(Duration.between(clock.instant(), wake));
    }

    /** Orders what the request needs, if anything; returns when it next needs a look. */
    private Instant check(AcmeRequest request, Instant now) {
        Failure failed = failures.get(request.secret());
        if (failed != null && now.isBefore(failed.retryAt())) {
            return failed.retryAt();
        }
        Secret existing;
        try {
            existing = store.get(request.namespace(), request.secretName());
        } catch (RuntimeException e) {
            return fail(request, "reading the Secret " + request.secret() + " failed: " + e.getMessage(), Warning.ACME_ORDER_FAILED);
        }
        if (existing != null && !AcmeSecrets.ours(existing)) {
            return fail(request, request.ingress() + ": secret " + request.secret() + " exists and was not made by Gatehouse "
                    + "(expected no Secret, or one labelled " + AcmeSecrets.MANAGED_BY + "=" + AcmeSecrets.GATEHOUSE
                    + "); no certificate is ordered into it", Warning.ACME_SECRET_NOT_OURS);
        }
        Instant renewal = existing == null || !AcmeSecrets.orderedFor(existing, request.hosts(), client.directory())
                ? now : renewalTime(existing, now);
        if (now.isBefore(renewal)) {
            failures.remove(request.secret());
            orderStates.put(request.secret(), "issued; renews from " + renewal);
            return renewal;
        }
        return order(request, existing == null ? "none is stored" : "the stored one is due");
    }

    private Instant renewalTime(Secret secret, Instant now) {
        String chain = AcmeSecrets.text(secret, "tls.crt");
        try {
            X509Certificate leaf = PemCertificates.certificates(chain == null ? "" : chain).get(0);
            return Renewal.dueAt(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        } catch (CertificateProblem | RuntimeException e) {
            return now;
        }
    }

    private Instant order(AcmeRequest request, String why) {
        log.info("ordering a certificate for {} from {} into Secret {} ({})", request.hosts(), client.directory(),
                request.secret(), why);
        try {
            IssuedCertificate issued = client.order(account(), request.hosts(), board);
            store.put(AcmeSecrets.certificate(request, issued, client.directory()));
            failures.remove(request.secret());
            orders.labelValues("issued").inc();
            orderStates.put(request.secret(), "issued; renews from " + issued.renewalDue());
            log.info("certificate for {} issued into Secret {}: valid until {}, renewed from {}", request.hosts(),
                    request.secret(), issued.notAfter(), issued.renewalDue());
            return issued.renewalDue();
        } catch (AcmeFailure | RuntimeException e) {
            orders.labelValues("failed").inc();
            return fail(request, request.ingress() + ": " + e.getMessage(), Warning.ACME_ORDER_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return clock.instant();
        }
    }

    private Instant fail(AcmeRequest request, String message, String reason) {
        Failure previous = failures.get(request.secret());
        int count = previous == null ? 1 : previous.count() + 1;
        Duration wait = backoff.after(count);
        Instant retryAt = clock.instant().plus(wait);
        failures.put(request.secret(), new Failure(count, retryAt, new Warning(request.ingress(), reason, message)));
        orderStates.put(request.secret(), "failed " + count + " time" + (count == 1 ? "" : "s") + " in a row; next attempt at " + retryAt);
        log.atWarn().addKeyValue("kind", request.ingress().kind()).addKeyValue("namespace", request.ingress().namespace())
                .addKeyValue("name", request.ingress().name()).addKeyValue("reason", reason)
                .addKeyValue("endpoint", client.directory().toString())
                .log("{} (failure {} in a row; next attempt in {}s)", message, count, wait.toSeconds());
        return retryAt;
    }

    private KeyPair account() {
        if (accountKey != null) {
            return accountKey;
        }
        Secret secret = store.get(accountNamespace, AcmeSettings.ACCOUNT_SECRET);
        String pem = secret == null ? null : AcmeSecrets.text(secret, AcmeSecrets.ACCOUNT_KEY);
        if (pem != null) {
            accountKey = AcmeKeys.read(pem);
            return accountKey;
        }
        if (secret != null && !AcmeSecrets.ours(secret)) {
            throw new IllegalStateException("secret " + accountNamespace + "/" + AcmeSettings.ACCOUNT_SECRET
                    + " exists without an " + AcmeSecrets.ACCOUNT_KEY + " entry and was not made by Gatehouse "
                    + "(expected no Secret, or one holding the ACME account key)");
        }
        KeyPair generated = AcmeKeys.generate();
        store.put(AcmeSecrets.account(accountNamespace, AcmeSettings.ACCOUNT_SECRET, generated));
        log.info("made a new ACME account key in Secret {}/{}", accountNamespace, AcmeSettings.ACCOUNT_SECRET);
        accountKey = generated;
        return accountKey;
    }

    private void updateProblems() {
        List<Warning> now = failures.values().stream().map(Failure::warning).sorted().toList();
        if (!now.equals(problems)) {
            problems = now;
            problemsChanged.run();
        }
    }

    private void schedule(Duration delay) {
        if (next != null) {
            next.cancel(false);
        }
        try {
            next = executor.schedule(this::reconcile, Math.max(delay.toMillis(), 0), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: no next pass
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
