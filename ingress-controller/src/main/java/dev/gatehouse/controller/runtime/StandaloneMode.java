package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.acme.ChallengeBoard;
import dev.gatehouse.controller.acme.DirectorySecretStore;
import dev.gatehouse.controller.dashboard.DashboardViews;
import dev.gatehouse.controller.manifests.DirectoryWatcher;
import dev.gatehouse.controller.manifests.ManifestDirectory;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Notice;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Gatehouse on one machine: the view is a directory of manifests (and, with ACME, the directory of the
 * certificates it ordered, served as if they were in the first one). The first snapshot is live before
 * the start returns; this replica is always the leader, and warnings go to the log only.
 */
final class StandaloneMode implements Mode {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration SETTLE = Duration.ofMillis(30);

    private final ManifestDirectory manifests;
    private final TranslatorSettings translator;
    private final Optional<AcmeSettings> acmeSettings;
    private final List<String> edgeTargets;
    // nothing stores the Gateway API status standalone: it is logged instead
    private final GatewayStatusLog gatewayStatus = new GatewayStatusLog();
    private Optional<AcmeHome> acme = Optional.empty();
    private Optional<ManifestDirectory> ordered = Optional.empty();

    StandaloneMode(Path manifests, TranslatorSettings translator, Optional<AcmeSettings> acme, List<String> edgeTargets) {
        this.manifests = new ManifestDirectory(manifests);
        this.translator = translator;
        this.acmeSettings = acme;
        this.edgeTargets = List.copyOf(edgeTargets);
    }

    @Override
    public String name() {
        return "manifests";
    }

    @Override
    public void startFoundation(Lifecycle parts, Runnable changed) {
        acme = acmeSettings.map(settings -> {
            DirectorySecretStore store = new DirectorySecretStore(settings.storage(), changed);
            ordered = Optional.of(new ManifestDirectory(store.directory()));
            return new AcmeHome(settings, store, AcmeSettings.STANDALONE_NAMESPACE, new ChallengeBoard(store,
                    AcmeSettings.STANDALONE_NAMESPACE, AcmeSettings.CHALLENGE_SECRET, settings.timeout()));
        });
    }

    @Override
    public void startElection(Lifecycle parts, Runnable leading) {
        // the only replica leads from the start; its loops act on their first input without being told
    }

    @Override
    public BooleanSupplier leader() {
        return () -> true;
    }

    @Override
    public Optional<AcmeHome> acme() {
        return acme;
    }

    @Override
    public TranslatorSettings translator() {
        return acme.map(home -> translator.withAcmeChallengeSecret(home.board().secretRef())).orElse(translator);
    }

    @Override
    public List<String> edgeTargets() {
        return edgeTargets;
    }

    @Override
    public boolean ingressesAtEdge() {
        return true;
    }

    @Override
    public void startLoops(Lifecycle parts, PrometheusRegistry registry) {
        // Events and Ingress status live in the Kubernetes API, and load balancers are kept for its Services
    }

    @Override
    public void startSources(Lifecycle parts, Rebuilds rebuilds, PrometheusRegistry registry) {
        parts.start("manifest directory", () -> {
            rebuilds.now();
            try {
                return new DirectoryWatcher(manifests.directory(), POLL_INTERVAL, SETTLE, rebuilds::trigger);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot watch " + manifests.directory() + ": " + e.getMessage(), e);
            }
        }, DirectoryWatcher::close);
    }

    @Override
    public ClusterView view() {
        ClusterView view = manifests.load();
        return ordered.filter(directory -> Files.isDirectory(directory.directory()))
                .map(directory -> view.plus(directory.load()))
                .orElse(view);
    }

    @Override
    public boolean synced() {
        return true;
    }

    @Override
    public void translated(Translation translation) {
        gatewayStatus.accept(translation);
    }

    @Override
    public void report(List<Warning> warnings) {
    }

    @Override
    public void announce(Notice notice) {
        // no API server to write Events to: the loop that recovered has logged it
    }

    @Override
    public void show(DashboardViews dashboard) {
        dashboard.source("manifests", manifests.directory().toString(), () -> 0);
    }

    @Override
    public void leading() {
    }
}
