package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.manifests.DirectoryWatcher;
import dev.gatehouse.controller.manifests.ManifestDirectory;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxyServer;
import dev.gatehouse.proxy.ProxySettings;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Gatehouse on one machine: the proxy serving a directory of manifests. The first snapshot is built
 * before {@link #start} returns; after that, every change to the directory is live after the debounce.
 */
public final class StandaloneGatehouse implements AutoCloseable {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration RESYNC = Duration.ofMinutes(1);

    private final ProxyServer proxy;
    private final RoutingController controller;
    private final Debouncer debouncer;
    private final DirectoryWatcher watcher;
    private Duration drainDelay = Duration.ZERO;
    private Duration shutdownTimeout = Duration.ofSeconds(1);

    private StandaloneGatehouse(ProxyServer proxy, RoutingController controller, Debouncer debouncer, DirectoryWatcher watcher) {
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
        PrometheusRegistry registry = new PrometheusRegistry();
        ProxyServer proxy = ProxyServer.start(proxySettings, registry);
        Debouncer debouncer = null;
        try {
            ManifestDirectory directory = new ManifestDirectory(manifests);
            RoutingController controller = new RoutingController(directory::load, new IngressTranslator(translator),
                    proxy, new WarningLog(), registry);
            controller.rebuild();
            debouncer = new Debouncer("manifests", holdOff, maxHoldOff, controller::rebuild).triggerEvery(RESYNC);
            DirectoryWatcher watcher = new DirectoryWatcher(manifests, POLL_INTERVAL, debouncer::trigger);
            return new StandaloneGatehouse(proxy, controller, debouncer, watcher);
        } catch (IOException e) {
            closeQuietly(debouncer, proxy);
            throw new UncheckedIOException("cannot watch " + manifests + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(debouncer, proxy);
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
        debouncer.close();
        proxy.shutdown(drainDelay, shutdownTimeout);
    }

    private static void closeQuietly(Debouncer debouncer, ProxyServer proxy) {
        if (debouncer != null) {
            debouncer.close();
        }
        proxy.close();
    }
}
