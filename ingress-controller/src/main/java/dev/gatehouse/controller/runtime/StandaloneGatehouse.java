package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.acme.AcmeController;
import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.acme.ChallengeBoard;
import dev.gatehouse.controller.acme.DirectorySecretStore;
import dev.gatehouse.controller.dashboard.DashboardViews;
import dev.gatehouse.controller.dns.DnsController;
import dev.gatehouse.controller.dns.DnsSetup;
import dev.gatehouse.controller.manifests.DirectoryWatcher;
import dev.gatehouse.controller.manifests.ManifestDirectory;
import dev.gatehouse.controller.marathon.MarathonSettings;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.proxy.ProxyServer;
import dev.gatehouse.proxy.ProxySettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Gatehouse on one machine: the proxy serving a directory of manifests. The first snapshot is built
 * before {@link #start} returns; after that, every change to the directory is live after the debounce.
 * With ACME, the only replica is always the leader, and what it orders is kept in a directory of its own.
 */
public final class StandaloneGatehouse implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration RESYNC = Duration.ofMinutes(1);

    private final ProxyServer proxy;
    private final RoutingController controller;
    private final Debouncer debouncer;
    private final DirectoryWatcher watcher;
    private final AcmeController acme;
    private final DnsController dns;
    private final MarathonFeed marathon;
    private Duration drainDelay = Duration.ZERO;
    private Duration shutdownTimeout = Duration.ofSeconds(1);

    private StandaloneGatehouse(ProxyServer proxy, RoutingController controller, Debouncer debouncer, DirectoryWatcher watcher,
                                AcmeController acme, DnsController dns, MarathonFeed marathon) {
        this.marathon = marathon;
        this.acme = acme;
        this.dns = dns;
        this.proxy = proxy;
        this.controller = controller;
        this.debouncer = debouncer;
        this.watcher = watcher;
    }

    /** How {@link #close()} stops the proxy: see {@link ProxyServer#shutdown}. Without it, close drains at once. */
    public StandaloneGatehouse gracefully(Duration delay, Duration timeout) {
        this.drainDelay = delay;
        this.shutdownTimeout = timeout;
        return this;
    }

    /**
     * @param manifests  the directory to serve
     * @param proxySettings ports, threads and timeouts of the proxy
     * @param translator which Ingresses are ours
     * @param holdOff    quiet time after a change before rebuilding
     * @param maxHoldOff longest wait after the first change of a burst
     */
    public static StandaloneGatehouse start(Path manifests, ProxySettings proxySettings, TranslatorSettings translator,
                                            Duration holdOff, Duration maxHoldOff) {
        return start(manifests, proxySettings, translator, holdOff, maxHoldOff, null);
    }

    /**
     * As {@link #start(Path, ProxySettings, TranslatorSettings, Duration, Duration)}, ordering certificates
     * by ACME for the Ingresses that ask, kept in {@code acme.storage()} (whose Secrets are served as if
     * they were in the manifest directory).
     *
     * @param acme how to order certificates, or null for no ACME
     */
    public static StandaloneGatehouse start(Path manifests, ProxySettings proxySettings, TranslatorSettings translator,
                                            Duration holdOff, Duration maxHoldOff, AcmeSettings acme) {
        return start(manifests, proxySettings, translator, holdOff, maxHoldOff, acme, null, List.of());
    }

    /**
     * As {@link #start(Path, ProxySettings, TranslatorSettings, Duration, Duration, AcmeSettings)}, publishing
     * the hosts of the served Ingresses and label vhosts to DNS at {@code edgeTargets} (the
     * {@code --publish-status-address}), and annotated LoadBalancer Services at their status.
     *
     * @param dns the DNS provider and sync settings, or null for no DNS sync
     */
    public static StandaloneGatehouse start(Path manifests, ProxySettings proxySettings, TranslatorSettings translator,
                                            Duration holdOff, Duration maxHoldOff, AcmeSettings acme, DnsSetup dns,
                                            List<String> edgeTargets) {
        return start(manifests, proxySettings, translator, holdOff, maxHoldOff, acme, dns, edgeTargets, null);
    }

    /**
     * As {@link #start(Path, ProxySettings, TranslatorSettings, Duration, Duration, AcmeSettings, DnsSetup, List)},
     * also routing the apps of a Marathon by their labels; the first snapshot waits for Marathon's first
     * answer, up to ten seconds.
     *
     * @param marathonSettings where and how to read Marathon, or null for no Marathon
     */
    public static StandaloneGatehouse start(Path manifests, ProxySettings proxySettings, TranslatorSettings translator,
                                            Duration holdOff, Duration maxHoldOff, AcmeSettings acme, DnsSetup dns,
                                            List<String> edgeTargets, MarathonSettings marathonSettings) {
        return start(manifests, proxySettings, translator, holdOff, maxHoldOff, acme, dns, edgeTargets, marathonSettings, System.out);
    }

    /**
     * As {@link #start(Path, ProxySettings, TranslatorSettings, Duration, Duration, AcmeSettings, DnsSetup, List,
     * MarathonSettings)}, with the access log, if on, going to {@code accessLog} rather than standard output.
     */
    public static StandaloneGatehouse start(Path manifests, ProxySettings proxySettings, TranslatorSettings translator,
                                            Duration holdOff, Duration maxHoldOff, AcmeSettings acme, DnsSetup dns,
                                            List<String> edgeTargets, MarathonSettings marathonSettings, OutputStream accessLog) {
        PrometheusRegistry registry = new PrometheusRegistry();
        ProxyServer proxy = ProxyServer.start(proxySettings, registry, accessLog);
        DashboardViews dashboard = DashboardViews.serve(proxy, Clock.systemUTC(), "standalone", () -> true)
                .source("manifests", manifests.toString(), () -> 0);
        Debouncer debouncer = null;
        AcmeController acmeController = null;
        DnsController dnsController = dns == null ? null : new DnsController(dns, () -> true, Clock.systemUTC(),
                () -> edgeTargets, true, () -> { }, registry);
        MarathonFeed marathon = null;
        try {
            ManifestDirectory directory = new ManifestDirectory(manifests);
            // the store triggers rebuilds and the debouncer rebuilds through a controller reading the store
            Debouncer[] rebuilds = new Debouncer[1];
            Supplier<ClusterView> source = directory::load;
            ChallengeBoard board = null;
            if (acme != null) {
                DirectorySecretStore store = new DirectorySecretStore(acme.storage(), () -> rebuilds[0].trigger());
                ManifestDirectory stored = new ManifestDirectory(store.directory());
                source = () -> Files.isDirectory(stored.directory()) ? directory.load().plus(stored.load()) : directory.load();
                board = new ChallengeBoard(store, AcmeSettings.STANDALONE_NAMESPACE, AcmeSettings.CHALLENGE_SECRET, acme.timeout());
                translator = translator.withAcmeChallengeSecret(board.secretRef());
                acmeController = new AcmeController(acme, store, board, AcmeSettings.STANDALONE_NAMESPACE, () -> true,
                        Clock.systemUTC(), () -> { }, registry);
            }
            if (marathonSettings != null) {
                // Marathon may answer before the debouncer exists: the first rebuild below reads its apps anyway
                marathon = MarathonFeed.start(marathonSettings, registry, () -> {
                    if (rebuilds[0] != null) {
                        rebuilds[0].trigger();
                    }
                });
                MarathonFeed feed = marathon;
                dashboard.source("marathon", DashboardViews.addresses(marathonSettings.urls()),
                        feed::staleSeconds);
                Supplier<ClusterView> local = source;
                source = () -> feed.join(local.get());
            }
            AcmeController ordering = acmeController;
            dashboard.acme(acmeController).dns(dnsController);
            WarningLog warnings = new WarningLog();
            RoutingController controller = new RoutingController(source, new IngressTranslator(translator), proxy,
                    translation -> {
                        warnings.accept(translation);
                        dashboard.translated(translation);
                        if (ordering != null) {
                            ordering.desired(translation.acme());
                        }
                    }, registry);
            if (board != null) {
                controller.publishingTo(board::published);
            }
            if (dnsController != null) {
                DnsController publishing = dnsController;
                controller.viewingTo((view, translation) -> publishing.viewed(view, translation));
            }
            debouncer = new Debouncer("manifests", holdOff, maxHoldOff, controller::rebuild).triggerEvery(RESYNC);
            rebuilds[0] = debouncer;
            if (marathon != null) {
                marathon.awaitFirstRead();
            }
            controller.rebuild();
            DirectoryWatcher watcher = new DirectoryWatcher(manifests, POLL_INTERVAL, debouncer::trigger);
            return new StandaloneGatehouse(proxy, controller, debouncer, watcher, acmeController, dnsController, marathon);
        } catch (IOException e) {
            closeQuietly(debouncer, proxy, acmeController, dnsController, marathon);
            throw new UncheckedIOException("cannot watch " + manifests + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(debouncer, proxy, acmeController, dnsController, marathon);
            throw new IllegalStateException("interrupted while waiting for Marathon's first answer", e);
        } catch (RuntimeException e) {
            closeQuietly(debouncer, proxy, acmeController, dnsController, marathon);
            throw e;
        }
    }

    public ProxyServer proxy() {
        return proxy;
    }

    /** Rebuilds at once, without waiting for the watcher: for tests and signals. */
    public void rebuildNow() {
        controller.rebuild();
    }

    /** Stops watching, then shuts the proxy down gracefully (see {@link #gracefully}). */
    @Override
    public void close() {
        watcher.close();
        if (dns != null) {
            dns.close();
        }
        if (acme != null) {
            acme.close();
        }
        debouncer.close();
        if (marathon != null) {
            marathon.close();
        }
        proxy.shutdown(drainDelay, shutdownTimeout);
    }

    private static void closeQuietly(Debouncer debouncer, ProxyServer proxy, AcmeController acme, DnsController dns,
                                     MarathonFeed marathon) {
        if (marathon != null) {
            marathon.close();
        }
        if (dns != null) {
            dns.close();
        }
        if (acme != null) {
            acme.close();
        }
        if (debouncer != null) {
            debouncer.close();
        }
        proxy.close();
    }
}
