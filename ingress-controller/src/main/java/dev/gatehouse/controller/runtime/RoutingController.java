package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.labels.LabelMaps;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.proxy.ProxyServer;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One rebuild: read the whole view from the source, translate it, and publish the snapshot to the proxy
 * if it routes differently from the live one. An unchanged result publishes nothing; a failed rebuild
 * leaves the live snapshot serving. Every translation, changed or not, goes to the observer (warnings
 * log, events, Ingress status), and its marathon-lb maps to the admin port's {@code /_haproxy_getvhostmap}
 * and {@code /_haproxy_getappmap}.
 */
final class RoutingController {

    private static final Logger log = LoggerFactory.getLogger(RoutingController.class);

    private final Supplier<ClusterView> source;
    private final IngressTranslator translator;
    private final ProxyServer proxy;
    private final Consumer<Translation> observer;
    private final Histogram buildSeconds;
    private final Gauge warningCount;
    private RoutingSnapshot live;
    private long version;
    private volatile LabelMaps labelMaps = LabelMaps.EMPTY;
    private Consumer<RoutingSnapshot> published = snapshot -> { };
    private BiConsumer<ClusterView, Translation> viewed = (view, translation) -> { };

    public RoutingController(Supplier<ClusterView> source, IngressTranslator translator, ProxyServer proxy,
                             Consumer<Translation> observer, PrometheusRegistry registry) {
        this.source = source;
        this.translator = translator;
        this.proxy = proxy;
        this.observer = observer;
        this.buildSeconds = Histogram.builder()
                .name("gatehouse_snapshot_build_seconds")
                .help("Time to read the view and translate it into a routing snapshot")
                .unit(Unit.SECONDS)
                .classicOnly()
                .withoutExemplars()
                .register(registry);
        this.warningCount = Gauge.builder()
                .name("gatehouse_translation_warnings")
                .help("Rules left out of the live snapshot, with the reason logged (and, in a cluster, sent as an Event)")
                .withoutExemplars()
                .register(registry);
        // marathon-lb's views, for tooling that still reads them; they follow the last translation
        proxy.serveAdminText("/_haproxy_getvhostmap", () -> labelMaps.vhostMapText());
        proxy.serveAdminText("/_haproxy_getappmap", () -> labelMaps.appMapText());
    }

    /** Also tells {@code listener} of each snapshot once it is live (after the proxy applied it). */
    public RoutingController publishingTo(Consumer<RoutingSnapshot> listener) {
        this.published = listener;
        return this;
    }

    /** Also hands {@code listener} each view with its translation, for syncs that read more than routes (DNS). */
    public RoutingController viewingTo(BiConsumer<ClusterView, Translation> listener) {
        this.viewed = listener;
        return this;
    }

    /** Rebuilds now, on the calling thread; calls are serialized. Returns the live snapshot afterwards. */
    public synchronized RoutingSnapshot rebuild() {
        long start = System.nanoTime();
        ClusterView view = source.get();
        Translation translation = translator.translate(view);
        buildSeconds.observe((System.nanoTime() - start) / 1e9);
        warningCount.set(translation.warnings().size());
        labelMaps = translation.labelMaps();
        observer.accept(translation);
        viewed.accept(view, translation);
        if (live != null && translation.snapshot().sameRoutingAs(live)) {
            return live;
        }
        RoutingSnapshot next = translation.snapshot().withVersion(++version);
        proxy.apply(next);
        if (live == null || !next.tuning().equals(live.tuning())) {
            log.info("proxy settings of snapshot v{}: {}", next.version(), next.tuning().map(Object::toString).orElse("as started"));
        }
        live = next;
        published.accept(next);
        log.info("routing snapshot v{} is live: {}, {}, {}, {} ({} ms)", next.version(),
                count(next.virtualHosts().size(), "virtual host"),
                count(next.virtualHosts().stream().mapToInt(host -> host.routes().size()).sum(), "route"),
                count(next.clusters().size(), "cluster"),
                count(next.clusters().stream().mapToInt(c -> c.endpoints().size()).sum(), "endpoint"),
                (System.nanoTime() - start) / 1_000_000);
        if (log.isDebugEnabled()) {
            for (VirtualHost host : next.virtualHosts()) {
                host.routes().forEach(route -> log.debug("  {} {} -> {}", host.host(), route.path(), route.action()));
            }
        }
        return next;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
