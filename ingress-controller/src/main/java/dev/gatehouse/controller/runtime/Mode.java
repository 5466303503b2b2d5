package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.acme.ChallengeBoard;
import dev.gatehouse.controller.acme.SecretStore;
import dev.gatehouse.controller.dashboard.DashboardViews;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Notice;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What differs between Gatehouse on one machine ({@link StandaloneMode}) and in a cluster
 * ({@link ClusterMode}). {@link Assembly} calls the {@code start} methods in its order; the others are
 * what the shared parts ask of the mode while running.
 */
interface Mode {

    /** Names the rebuild thread: "manifests" or "kubernetes". */
    String name();

    /**
     * Starts what the mode's other parts stand on, before the proxy: in a cluster the API client (stopped
     * last) and the address to publish; standalone, the store of ACME certificates.
     *
     * @param changed call when the view may have changed (the routes are rebuilt after a debounce)
     */
    void startFoundation(Lifecycle parts, Runnable changed);

    /**
     * Starts the leader election, after the proxy and before the leader-only loops: the loops stop before
     * the Lease is given up, and the Lease is given up before the proxy drains. Standalone, there is none.
     *
     * @param leading call each time this replica becomes the leader
     */
    void startElection(Lifecycle parts, Runnable leading);

    /** Whether this replica may write to the world now; asked once the election started. */
    BooleanSupplier leader();

    /**
     * The ACME account's and certificates' store and the board of challenge answers, when ACME is on; known
     * once the foundation started.
     */
    Optional<AcmeHome> acme();

    /** The translator's settings, with the ACME challenge Secret when ACME is on. */
    TranslatorSettings translator();

    /** The addresses this edge is published at, for DNS. */
    List<String> edgeTargets();

    /** Standalone, Ingresses have no status: DNS publishes them at the edge targets. */
    boolean ingressesAtEdge();

    /** Starts the mode's own leader-only loops (in a cluster: Events, Ingress status, load balancers). */
    void startLoops(Lifecycle parts, PrometheusRegistry registry);

    /** Starts watching the mode's source; the first snapshot follows as the mode promises. */
    void startSources(Lifecycle parts, Rebuilds rebuilds, PrometheusRegistry registry);

    /** The whole view as last read. */
    ClusterView view();

    /** Whether the view is complete (every informer listed once), so that a rebuild may publish it. */
    boolean synced();

    /** After each translation (in a cluster, our Ingresses get their status). */
    void translated(Translation translation);

    /** The warnings of the translation and the loops' problems, all of them each time (in a cluster, as Events). */
    void report(List<Warning> warnings);

    /** Something a loop tells once, a recovery (in a cluster, as a Normal Event). */
    void announce(Notice notice);

    /** This replica became the leader: the mode's own loops act now. */
    void leading();

    /** Shows the mode's source on the dashboard, and in a cluster the load balancers; once every part has started. */
    void show(DashboardViews dashboard);

    /** How ACME orders, where it keeps what it orders, and where replicas share the answers to its challenges. */
    record AcmeHome(AcmeSettings settings, SecretStore store, String namespace, ChallengeBoard board) {
    }

    /** How a mode's sources ask for the routes to be rebuilt. */
    interface Rebuilds {

        /** After a debounce; cheap enough for every event. */
        void trigger();

        /** On the calling thread, once Marathon (when asked for) answered or was waited for long enough. */
        void now() throws InterruptedException;
    }
}
