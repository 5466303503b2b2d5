package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.acme.AcmeController;
import dev.gatehouse.controller.dashboard.DashboardViews;
import dev.gatehouse.controller.dns.DnsController;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.proxy.HttpProxy;
import dev.gatehouse.proxy.ProxyServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one place a Gatehouse is put together from its parts, standalone or in a cluster ({@link Mode} says
 * what differs). The parts start in this order, each optional one only when asked for, and stop in the
 * reverse order from one {@link Lifecycle}:
 * <ol>
 *   <li>the mode's foundation: in a cluster the API client and the publish address;</li>
 *   <li>the proxy, with its admin port (not ready until the first snapshot);</li>
 *   <li>in a cluster, the leader election;</li>
 *   <li>the leader-only loops: in a cluster Events, Ingress status and load balancers; then ACME and DNS;</li>
 *   <li>routing: the translator and the publisher ({@link RoutingController}), behind the debounced rebuilds;</li>
 *   <li>the sources: Marathon, then the manifest directory or the Kubernetes informers.</li>
 * </ol>
 * Each part exists before anything can call it: the loops before the translations that feed them, the
 * routing before the sources that trigger it. The methods below are the only wiring between the parts.
 */
final class Assembly implements Mode.Rebuilds {

    // a rebuild now and then notices what changes with time alone, such as a certificate expiring
    private static final Duration RESYNC = Duration.ofMinutes(1);

    private final Mode mode;
    private final Features features;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Lifecycle parts = new Lifecycle();
    private final WarningLog warningLog = new WarningLog();
    private final Debouncer debouncer;
    private volatile Optional<AcmeController> acme = Optional.empty();
    private volatile Optional<DnsController> dns = Optional.empty();
    private volatile Optional<MarathonFeed> marathon = Optional.empty();
    private volatile List<Warning> translationWarnings = List.of();
    private volatile RoutingController routing;
    private volatile DashboardViews dashboard;

    private Assembly(Mode mode, Features features, Duration holdOff, Duration maxHoldOff) {
        this.mode = mode;
        this.features = features;
        this.debouncer = new Debouncer(mode.name(), holdOff, maxHoldOff, this::rebuildWhenSynced);
    }

    /** Starts every part in order; if one fails, those started are stopped and the failure is thrown. */
    static Gatehouse start(Mode mode, Features features, Duration holdOff, Duration maxHoldOff) {
        return new Assembly(mode, features, holdOff, maxHoldOff).start();
    }

    private Gatehouse start() {
        try {
            return startInOrder();
        } catch (RuntimeException e) {
            parts.stop();
            throw e;
        }
    }

    private Gatehouse startInOrder() {
        mode.startFoundation(parts, this::trigger);
        ProxyServer proxy = parts.start("proxy", () -> HttpProxy.start(features.proxy(), registry, features.accessLog()),
                this::stopProxy);
        mode.startElection(parts, this::leading);
        dashboard = DashboardViews.serve(proxy, Clock.systemUTC(), mode instanceof ClusterMode ? "cluster" : "standalone",
                mode.leader());
        mode.startLoops(parts, registry);
        acme = mode.acme().map(home -> parts.start("acme", () -> new AcmeController(home.settings(), home.store(),
                home.board(), home.namespace(), mode.leader(), Clock.systemUTC(), this::report, registry), AcmeController::close));
        dns = features.dns().map(setup -> parts.start("dns", () -> new DnsController(setup, mode.leader(), Clock.systemUTC(),
                mode::edgeTargets, mode.ingressesAtEdge(), this::report, mode::announce, registry), DnsController::close));
        dashboard.acme(acme.orElse(null)).dns(dns.orElse(null));
        routing = parts.start("routing", () -> {
            // the proxy started with the command line's settings: snapshots carry them, with the global ConfigMap's over them
            IngressTranslator translator = new IngressTranslator(mode.translator().withTuning(features.proxy().tuning()));
            RoutingController controller = new RoutingController(this::view, translator, proxy, this::translated, registry);
            mode.acme().ifPresent(home -> controller.publishingTo(home.board()::published));
            dns.ifPresent(sync -> controller.viewingTo(sync::viewed));
            debouncer.triggerEvery(RESYNC);
            return controller;
        }, controller -> debouncer.close());
        marathon = features.marathon().map(settings -> parts.start("marathon",
                () -> MarathonFeed.start(settings, registry, this::trigger), MarathonFeed::close));
        marathon.ifPresent(feed -> dashboard.source("marathon",
                DashboardViews.addresses(features.marathon().orElseThrow().urls()), feed::staleSeconds));
        mode.startSources(parts, this, registry);
        mode.show(dashboard);
        return new Gatehouse(parts, proxy, this::rebuildWhenSynced, mode.leader());
    }

    @Override
    public void trigger() {
        debouncer.trigger();
    }

    @Override
    public void now() throws InterruptedException {
        if (marathon.isPresent()) {
            marathon.get().awaitFirstRead();
        }
        routing.rebuild();
    }

    /** Events before every source was read once would publish a partial view: the trigger after that rebuilds. */
    private void rebuildWhenSynced() {
        if (mode.synced() && marathon.map(MarathonFeed::ready).orElse(true)) {
            routing.rebuild();
        }
    }

    private ClusterView view() {
        ClusterView view = mode.view();
        return marathon.map(feed -> feed.join(view)).orElse(view);
    }

    private void translated(Translation translation) {
        warningLog.accept(translation);
        translationWarnings = translation.warnings();
        dashboard.translated(translation);
        report();
        acme.ifPresent(controller -> controller.desired(translation.acme()));
        mode.translated(translation);
    }

    /** The translator's warnings and the ACME and DNS loops' problems, reported together (in a cluster, as Events). */
    private void report() {
        List<Warning> all = new ArrayList<>(translationWarnings);
        acme.ifPresent(controller -> all.addAll(controller.problems()));
        dns.ifPresent(controller -> all.addAll(controller.problems()));
        mode.report(all);
        dashboard.refreshProblems();
    }

    private void leading() {
        mode.leading();
        acme.ifPresent(AcmeController::leading);
        dns.ifPresent(DnsController::leading);
    }

    /** A proxy that never served has nothing to drain. */
    private void stopProxy(ProxyServer proxy) {
        if (proxy.ready()) {
            proxy.shutdown(features.drainDelay(), features.shutdownTimeout());
        } else {
            proxy.close();
        }
    }
}
