package dev.gatehouse.controller.runtime;

import dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler;
import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.acme.ApiSecretStore;
import dev.gatehouse.controller.acme.ChallengeBoard;
import dev.gatehouse.controller.dashboard.DashboardViews;
import dev.gatehouse.controller.kube.EventRecorder;
import dev.gatehouse.controller.kube.GatewayStatusWriter;
import dev.gatehouse.controller.kube.IngressStatusWriter;
import dev.gatehouse.controller.kube.KubernetesSource;
import dev.gatehouse.controller.kube.Leadership;
import dev.gatehouse.controller.kube.PublishAddress;
import dev.gatehouse.controller.kube.SourceHealth;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.Notice;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gatehouse in a cluster: the view is what the Kubernetes API shows, and nothing is published before every
 * informer has synced. Every replica serves; the one holding the Lease also writes Ingress status, Events
 * and (when asked) load balancers, certificates and DNS records.
 */
final class ClusterMode implements Mode {

    private static final Logger log = LoggerFactory.getLogger(ClusterMode.class);
    private static final Duration EVENT_QUIET = Duration.ofMinutes(10);

    private final KubernetesClient client;
    private final ClusterSettings settings;
    private final Optional<AcmeHome> acme;
    private final Optional<LoadBalancerSetup> loadBalancerSetup;
    private final TranslatorSettings translator;
    private KubernetesSource source;
    private Optional<PublishAddress> publishAddress = Optional.empty();
    private Leadership leadership;
    private volatile Optional<EventRecorder> events = Optional.empty();
    private volatile Optional<IngressStatusWriter> status = Optional.empty();
    private volatile Optional<GatewayStatusWriter> gatewayStatus = Optional.empty();
    private volatile Optional<LoadBalancerReconciler> loadBalancers = Optional.empty();
    private volatile Optional<SourceHealth> health = Optional.empty();

    ClusterMode(KubernetesClient client, ClusterSettings settings, Optional<AcmeSettings> acme,
                Optional<LoadBalancerSetup> loadBalancers) {
        this.client = client;
        this.settings = settings;
        this.loadBalancerSetup = loadBalancers;
        this.acme = acme.map(ordering -> {
            ApiSecretStore store = new ApiSecretStore(client);
            return new AcmeHome(ordering, store, settings.leaseNamespace(), new ChallengeBoard(store, settings.leaseNamespace(),
                    AcmeSettings.CHALLENGE_SECRET, ordering.timeout()));
        });
        this.translator = this.acme.map(home -> settings.translator().withAcmeChallengeSecret(home.board().secretRef()))
                .orElse(settings.translator());
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public void startFoundation(Lifecycle parts, Runnable changed) {
        // the caller made the client; it is stopped last, after the proxy drained
        parts.start("kubernetes client", () -> client, KubernetesClient::close);
        source = KubernetesSource.create(client, settings.namespaces(), changed,
                acme.map(home -> home.board().secretRef()).orElse(null), translator);
        publishAddress = publishAddress().map(address -> parts.start("publish address", address::get, PublishAddress::close));
    }

    /** The Service whose address our Ingresses' status publishes, or the fixed addresses, if either was given. */
    private Optional<Supplier<PublishAddress>> publishAddress() {
        if (settings.publishService().isPresent()) {
            String[] service = settings.publishService().get().split("/", 2);
            return Optional.of(() -> PublishAddress.ofService(client, service[0], service[1], this::publishAddressChanged));
        }
        if (!settings.publishAddresses().isEmpty()) {
            return Optional.of(() -> PublishAddress.fixed(settings.publishAddresses()));
        }
        return Optional.empty();
    }

    @Override
    public void startElection(Lifecycle parts, Runnable leading) {
        leadership = parts.start("election", () -> new Leadership(client, settings.leaseNamespace(), settings.leaseName(),
                settings.identity(), settings.election(), leading).start(), Leadership::close);
    }

    @Override
    public BooleanSupplier leader() {
        return leadership::isLeader;
    }

    @Override
    public Optional<AcmeHome> acme() {
        return acme;
    }

    @Override
    public TranslatorSettings translator() {
        return translator;
    }

    @Override
    public List<String> edgeTargets() {
        return publishAddress.map(address -> address.current().stream()
                .map(lb -> lb.getIp() != null && !lb.getIp().isBlank() ? lb.getIp() : lb.getHostname())
                .filter(target -> target != null && !target.isBlank())
                .toList()).orElse(List.of());
    }

    @Override
    public boolean ingressesAtEdge() {
        return false;
    }

    @Override
    public void startLoops(Lifecycle parts, PrometheusRegistry registry) {
        events = Optional.of(parts.start("events", () -> new EventRecorder(client, source::find,
                leader(), settings.identity(), EVENT_QUIET, Clock.systemUTC()), EventRecorder::close));
        status = publishAddress.map(address -> parts.start("ingress status",
                () -> new IngressStatusWriter(client, source::ingresses, address, leader()), IngressStatusWriter::close));
        gatewayStatus = Optional.of(parts.start("gateway status", () -> new GatewayStatusWriter(client, leader(), Clock.systemUTC(),
                () -> publishAddress.map(PublishAddress::current).orElse(List.of())), GatewayStatusWriter::close));
        loadBalancers = loadBalancerSetup.map(setup -> parts.start("load balancers", () -> new LoadBalancerReconciler(
                client, setup.provider(), setup.bindings(), setup.settings(), leader(), Clock.systemUTC(), registry,
                settings.leaseNamespace()).start(), controller -> {
            controller.close();
            closeCloudClients(setup);
        }));
    }

    @Override
    public void startSources(Lifecycle parts, Rebuilds rebuilds, PrometheusRegistry registry) {
        log.info("watching the Kubernetes API at {} ({}); routes are published once every informer has synced",
                client.getMasterUrl(), settings.namespaces().isEmpty() ? "all namespaces" : "namespaces " + settings.namespaces());
        parts.start("kubernetes informers", () -> {
            source.start().thenRun(() -> {
                log.info("every informer has synced");
                rebuilds.trigger();
            });
            return source;
        }, KubernetesSource::close);
        health = Optional.of(parts.start("source health", () -> new SourceHealth(source::isWatching, registry,
                Duration.ofSeconds(1), Duration.ofSeconds(30)), SourceHealth::close));
    }

    @Override
    public ClusterView view() {
        return source.view();
    }

    @Override
    public boolean synced() {
        return source.hasSynced();
    }

    @Override
    public void translated(Translation translation) {
        status.ifPresent(writer -> writer.ours(translation.ingresses()));
        gatewayStatus.ifPresent(writer -> writer.desired(translation.gateway()));
    }

    @Override
    public void report(List<Warning> warnings) {
        events.ifPresent(recorder -> recorder.record(warnings));
    }

    @Override
    public void announce(Notice notice) {
        events.ifPresent(recorder -> recorder.announce(notice));
    }

    @Override
    public void show(DashboardViews dashboard) {
        dashboard.source("kubernetes", String.valueOf(client.getMasterUrl()),
                () -> health.map(SourceHealth::staleSeconds).orElse(0.0));
        loadBalancers.ifPresent(reconciler -> dashboard.loadBalancers(reconciler.operationLog()));
    }

    @Override
    public void leading() {
        events.ifPresent(EventRecorder::leading);
        loadBalancers.ifPresent(LoadBalancerReconciler::leading);
        status.ifPresent(IngressStatusWriter::trigger);
        gatewayStatus.ifPresent(GatewayStatusWriter::trigger);
    }

    private void publishAddressChanged() {
        status.ifPresent(IngressStatusWriter::trigger);
        gatewayStatus.ifPresent(GatewayStatusWriter::trigger);
    }

    private static void closeCloudClients(LoadBalancerSetup setup) {
        try {
            setup.clients().close();
        } catch (Exception e) {
            log.warn("closing the cloud clients failed: {}", e.getMessage());
        }
    }
}
