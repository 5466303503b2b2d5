package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.acme.AcmeController;
import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.acme.ApiSecretStore;
import dev.gatehouse.controller.acme.ChallengeBoard;
import dev.gatehouse.cloudlb.service.LoadBalancerController;
import dev.gatehouse.controller.dashboard.DashboardViews;
import dev.gatehouse.controller.dns.DnsController;
import dev.gatehouse.controller.dns.DnsSetup;
import dev.gatehouse.controller.kube.EventRecorder;
import dev.gatehouse.controller.kube.IngressStatusWriter;
import dev.gatehouse.controller.kube.KubernetesSource;
import dev.gatehouse.controller.kube.Leadership;
import dev.gatehouse.controller.kube.PublishAddress;
import dev.gatehouse.controller.kube.SourceHealth;
import dev.gatehouse.controller.marathon.MarathonSettings;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.proxy.ProxyServer;
import dev.gatehouse.proxy.ProxySettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gatehouse in a cluster: the proxy serving our Ingresses as the Kubernetes API shows them. Nothing is
 * published before every informer has synced; after that, every change is live after the debounce. If
 * the API server goes away, the last good snapshot keeps serving. Every replica serves; the leader also
 * writes Ingress status and Events.
 */
public final class ClusterGatehouse implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterGatehouse.class);
    private static final Duration EVENT_QUIET = Duration.ofMinutes(10);
    // a rebuild now and then notices what changes with time alone, such as a certificate expiring
    private static final Duration RESYNC = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final ProxyServer proxy;
    private final KubernetesSource source;
    private final Debouncer debouncer;
    private final RoutingController controller;
    private final SourceHealth health;
    private final PublishAddress publishAddress;
    private final IngressStatusWriter status;
    private final EventRecorder events;
    private final Leadership leadership;
    private final WarningLog warningLog = new WarningLog();
    private final AcmeController acme;
    private final DnsController dns;
    private final LoadBalancerController loadBalancers;
    private final AutoCloseable cloudClients;
    private final MarathonFeed marathon;
    private volatile List<Warning> translationWarnings = List.of();
    private final DashboardViews dashboard;
    private Duration drainDelay = Duration.ZERO;
    private Duration shutdownTimeout = Duration.ofSeconds(1);

    private ClusterGatehouse(KubernetesClient client, ProxySettings proxySettings, ClusterSettings settings,
                             AcmeSettings acmeSettings, DnsSetup dnsSetup, LoadBalancerSetup lbSetup, MarathonSettings marathonSettings) {
        this.client = client;
        PrometheusRegistry registry = new PrometheusRegistry();
        this.proxy = ProxyServer.start(proxySettings, registry);
        this.debouncer = new Debouncer("kubernetes", settings.holdOff(), settings.maxHoldOff(), this::rebuild)
                .triggerEvery(RESYNC);
        ChallengeBoard board = acmeSettings == null ? null : new ChallengeBoard(new ApiSecretStore(client),
                settings.leaseNamespace(), AcmeSettings.CHALLENGE_SECRET, acmeSettings.timeout());
        this.source = KubernetesSource.create(client, settings.namespaces(), debouncer::trigger,
                board == null ? null : board.secretRef(), settings.translator());
        this.marathon = marathonSettings == null ? null : MarathonFeed.start(marathonSettings, registry, debouncer::trigger);
        this.health = new SourceHealth(source::isWatching, registry, Duration.ofSeconds(1), Duration.ofSeconds(30));
        this.leadership = new Leadership(client, settings.leaseNamespace(), settings.leaseName(), settings.identity(),
                settings.election(), this::leading);
        this.dashboard = DashboardViews.serve(proxy, Clock.systemUTC(), "cluster", leadership::isLeader)
                .source("kubernetes", String.valueOf(client.getMasterUrl()), health::staleSeconds);
        if (marathon != null) {
            dashboard.source("marathon", DashboardViews.addresses(marathonSettings.urls()),
                    marathon::staleSeconds);
        }
        this.events = new EventRecorder(client, warning -> source.find(warning.object()), leadership::isLeader,
                settings.identity(), EVENT_QUIET, Clock.systemUTC());
        if (settings.publishService() != null) {
            String[] parts = settings.publishService().split("/", 2);
            this.publishAddress = PublishAddress.ofService(client, parts[0], parts[1], this::publishAddressChanged);
        } else if (!settings.publishAddresses().isEmpty()) {
            this.publishAddress = PublishAddress.fixed(settings.publishAddresses());
        } else {
            this.publishAddress = null;
        }
        this.status = publishAddress == null ? null
                : new IngressStatusWriter(client, source::ingresses, publishAddress, leadership::isLeader);
        this.acme = board == null ? null : new AcmeController(acmeSettings, new ApiSecretStore(client), board,
                settings.leaseNamespace(), leadership::isLeader, Clock.systemUTC(), this::recordEvents, registry);
        this.controller = new RoutingController(this::view, new IngressTranslator(board == null ? settings.translator()
                : settings.translator().withAcmeChallengeSecret(board.secretRef())), proxy, this::translated, registry);
        if (board != null) {
            controller.publishingTo(board::published);
        }
        this.dns = dnsSetup == null ? null : new DnsController(dnsSetup, leadership::isLeader, Clock.systemUTC(),
                this::edgeTargets, false, this::recordEvents, registry);
        if (dns != null) {
            controller.viewingTo((view, translation) -> dns.viewed(view, translation));
        }
        this.cloudClients = lbSetup == null ? null : lbSetup.clients();
        this.loadBalancers = lbSetup == null ? null : new LoadBalancerController(client, lbSetup.provider(),
                lbSetup.bindings(), lbSetup.settings(), leadership::isLeader, Clock.systemUTC(), registry,
                settings.leaseNamespace());
    }

    /**
     * Starts the proxy (not ready yet), the informers and the election, and returns; the first snapshot is
     * published once every informer has listed its objects. Takes ownership of the client.
     */
    public static ClusterGatehouse start(KubernetesClient client, ProxySettings proxySettings, ClusterSettings settings) {
        return start(client, proxySettings, settings, null);
    }

    /**
     * As {@link #start(KubernetesClient, ProxySettings, ClusterSettings)}, ordering certificates by ACME
     * for the Ingresses that ask: the leader orders them into the Secrets their {@code spec.tls} entries
     * name, and every replica answers the HTTP-01 challenges.
     *
     * @param acme how to order certificates, or null for no ACME
     */
    public static ClusterGatehouse start(KubernetesClient client, ProxySettings proxySettings, ClusterSettings settings,
                                         AcmeSettings acme) {
        return start(client, proxySettings, settings, acme, null);
    }

    /**
     * As {@link #start(KubernetesClient, ProxySettings, ClusterSettings, AcmeSettings)}, publishing the
     * hosts of our Ingresses (at their status addresses), of annotated LoadBalancer Services and of label
     * vhosts (at the publish address) to DNS; only the leader writes.
     *
     * @param dns the DNS provider and sync settings, or null for no DNS sync
     */
    public static ClusterGatehouse start(KubernetesClient client, ProxySettings proxySettings, ClusterSettings settings,
                                         AcmeSettings acme, DnsSetup dns) {
        return start(client, proxySettings, settings, acme, dns, null);
    }

    /**
     * As {@link #start(KubernetesClient, ProxySettings, ClusterSettings, AcmeSettings, DnsSetup)}, also
     * keeping a cloud load balancer (or a pool address, or a binding to a console-made load balancer)
     * for the LoadBalancer Services we own; only the leader reconciles them.
     *
     * @param loadBalancers the provider, bindings and settings, or null for no load-balancer sync
     */
    public static ClusterGatehouse start(KubernetesClient client, ProxySettings proxySettings, ClusterSettings settings,
                                         AcmeSettings acme, DnsSetup dns, LoadBalancerSetup loadBalancers) {
        return start(client, proxySettings, settings, acme, dns, loadBalancers, null);
    }

    /**
     * As {@link #start(KubernetesClient, ProxySettings, ClusterSettings, AcmeSettings, DnsSetup, LoadBalancerSetup)},
     * also routing the apps of a Marathon by their labels, as the Services'.
     *
     * @param marathon where and how to read Marathon, or null for no Marathon
     */
    public static ClusterGatehouse start(KubernetesClient client, ProxySettings proxySettings, ClusterSettings settings,
                                         AcmeSettings acme, DnsSetup dns, LoadBalancerSetup loadBalancers,
                                         MarathonSettings marathon) {
        ClusterGatehouse gatehouse = new ClusterGatehouse(client, proxySettings, settings, acme, dns, loadBalancers, marathon);
        gatehouse.dashboard.acme(gatehouse.acme).dns(gatehouse.dns)
                .loadBalancers(gatehouse.loadBalancers == null ? null : gatehouse.loadBalancers.operationLog());
        if (gatehouse.loadBalancers != null) {
            gatehouse.loadBalancers.start();
        }
        log.info("watching the Kubernetes API at {} ({}); routes are published once every informer has synced",
                client.getMasterUrl(), settings.namespaces().isEmpty() ? "all namespaces" : "namespaces " + settings.namespaces());
        gatehouse.source.start().thenRun(() -> {
            log.info("every informer has synced");
            gatehouse.debouncer.trigger();
        });
        gatehouse.leadership.start();
        return gatehouse;
    }

    /** How {@link #close()} stops the proxy: see {@link ProxyServer#shutdown}. Without it, close drains at once. */
    public ClusterGatehouse gracefully(Duration delay, Duration timeout) {
        this.drainDelay = delay;
        this.shutdownTimeout = timeout;
        return this;
    }

    public ProxyServer proxy() {
        return proxy;
    }

    public boolean isLeader() {
        return leadership.isLeader();
    }

    private void rebuild() {
        // events before the first full list would publish a partial view: wait for the trigger after sync
        if (source.hasSynced() && (marathon == null || marathon.ready())) {
            controller.rebuild();
        }
    }

    private ClusterView view() {
        return marathon == null ? source.view() : marathon.join(source.view());
    }

    private void translated(Translation translation) {
        warningLog.accept(translation);
        translationWarnings = translation.warnings();
        dashboard.translated(translation);
        recordEvents();
        if (acme != null) {
            acme.desired(translation.acme());
        }
        if (status != null) {
            status.ours(translation.ingresses());
        }
    }

    /** The translator's warnings and the ACME and DNS controllers' problems, as Events. */
    private void recordEvents() {
        List<Warning> all = new ArrayList<>(translationWarnings);
        if (acme != null) {
            all.addAll(acme.problems());
        }
        if (dns != null) {
            all.addAll(dns.problems());
        }
        events.record(all);
        dashboard.refreshProblems();
    }

    private List<String> edgeTargets() {
        if (publishAddress == null) {
            return List.of();
        }
        return publishAddress.current().stream()
                .map(lb -> lb.getIp() != null && !lb.getIp().isBlank() ? lb.getIp() : lb.getHostname())
                .filter(target -> target != null && !target.isBlank())
                .toList();
    }

    private void leading() {
        events.leading();
        if (acme != null) {
            acme.leading();
        }
        if (dns != null) {
            dns.leading();
        }
        if (loadBalancers != null) {
            loadBalancers.leading();
        }
        if (status != null) {
            status.trigger();
        }
    }

    private void publishAddressChanged() {
        if (status != null) {
            status.trigger();
        }
    }

    /** Gives up the Lease, stops watching, then shuts the proxy down gracefully (see {@link #gracefully}). */
    @Override
    public void close() {
        if (loadBalancers != null) {
            loadBalancers.close();
            try {
                cloudClients.close();
            } catch (Exception e) {
                log.warn("closing the cloud clients failed: {}", e.getMessage());
            }
        }
        if (dns != null) {
            dns.close();
        }
        if (acme != null) {
            acme.close();
        }
        leadership.close();
        if (status != null) {
            status.close();
        }
        if (publishAddress != null) {
            publishAddress.close();
        }
        events.close();
        health.close();
        debouncer.close();
        if (marathon != null) {
            marathon.close();
        }
        source.close();
        proxy.shutdown(drainDelay, shutdownTimeout);
        client.close();
    }
}
