package dev.gatehouse.controller.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica writes to the cluster. Every replica serves traffic; the one holding the Lease also
 * writes Ingress status and Events (and, later, runs the cloud and DNS sync loops). A replica that
 * cannot renew within the renew deadline stops writing at once and stands for election again.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);

    private final KubernetesClient client;
    private final LeaderElectionConfig config;
    private final Runnable onStartLeading;
    private final Duration retryPeriod;
    private final AtomicBoolean leading = new AtomicBoolean();
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;
    private volatile LeaderElector elector;

    /**
     * @param timing         lease duration, renew deadline and retry period
     * @param onStartLeading run, off the election thread's critical path, each time this replica becomes leader
     */
    public Leadership(KubernetesClient client, String namespace, String leaseName, String identity, Timing timing,
                      Runnable onStartLeading) {
        this.client = client;
        this.onStartLeading = onStartLeading;
        this.retryPeriod = timing.retryPeriod();
        this.config = new LeaderElectionConfigBuilder()
                .withName("gatehouse")
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped,
                        leader -> log.info("the leader is now {}", leader)))
                .build();
    }

    /** The Lease timing, as in client-go's leader election. */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

        public Timing {
            if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException("leader election needs retry period " + retryPeriod + " < renew deadline "
                        + renewDeadline + " < lease duration " + leaseDuration);
            }
        }
    }

    public Leadership start() {
        stand();
        return this;
    }

    private void stand() {
        LeaderElector next = client.leaderElector().withConfig(config).build();
        elector = next;
        election = next.start();
        // an election ends when the lease is lost; stand again, after a pause so that a failing API server is not hammered
        election.whenComplete((result, error) -> {
            if (!closed) {
                CompletableFuture.delayedExecutor(retryPeriod.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                    if (!closed) {
                        stand();
                    }
                });
            }
        });
    }

    public boolean isLeader() {
        return leading.get();
    }

    private void started() {
        leading.set(true);
        log.info("this replica ({}) is the leader: it writes Ingress status and events", config.getLock().identity());
        onStartLeading.run();
    }

    private void stopped() {
        if (leading.getAndSet(false)) {
            log.info("this replica ({}) stopped leading", config.getLock().identity());
        }
    }

    /** Gives the Lease up before returning, so that another replica takes over without waiting for it to expire. */
    @Override
    public void close() {
        closed = true;
        boolean wasLeading = leading.getAndSet(false);
        CompletableFuture<?> current = election;
        if (current != null) {
            current.cancel(true);
        }
        // cancelling releases the Lease on another thread; on SIGTERM the process may be gone before it does
        if (wasLeading && elector != null) {
            try {
                elector.release();
            } catch (RuntimeException e) {
                log.warn("could not give up the lease; another replica takes over when it expires: {}", KubeCauses.describe(e, KubeCauses.apiServer(client)));
            }
        }
    }
}
