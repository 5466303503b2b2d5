package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.dns.DnsSetup;
import dev.gatehouse.controller.marathon.MarathonSettings;
import dev.gatehouse.proxy.ProxySettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;

/**
 * What a Gatehouse in a cluster is made of: the proxy serving our Ingresses as the Kubernetes API shows
 * them, and the optional parts asked for. {@link #start()} returns at once; nothing is published before
 * every informer has synced, and after that every change is live after the debounce. If the API server
 * goes away, the last good snapshot keeps serving. Every replica serves; the leader also writes Ingress
 * status and Events.
 */
public final class ClusterGatehouse {

    private final KubernetesClient client;
    private final ClusterSettings settings;
    private Features features;
    private Optional<AcmeSettings> acme = Optional.empty();
    private Optional<LoadBalancerSetup> loadBalancers = Optional.empty();

    private ClusterGatehouse(KubernetesClient client, ProxySettings proxy, ClusterSettings settings) {
        this.client = client;
        this.settings = settings;
        this.features = Features.of(proxy);
    }

    /** Takes ownership of the client: the Gatehouse closes it last, and so does a start that fails. */
    public static ClusterGatehouse watching(KubernetesClient client, ProxySettings proxy, ClusterSettings settings) {
        return new ClusterGatehouse(client, proxy, settings);
    }

    /**
     * Orders certificates by ACME for the Ingresses that ask: the leader orders them into the Secrets their
     * {@code spec.tls} entries name, and every replica answers the HTTP-01 challenges.
     */
    public ClusterGatehouse acme(AcmeSettings acme) {
        this.acme = Optional.of(acme);
        return this;
    }

    /**
     * Publishes the hosts of our Ingresses (at their status addresses), of annotated LoadBalancer Services and
     * of label vhosts (at the publish address) to DNS; only the leader writes.
     */
    public ClusterGatehouse dns(DnsSetup dns) {
        features = features.withDns(dns);
        return this;
    }

    /**
     * Keeps a cloud load balancer (or a pool address, or a binding to a console-made load balancer) for the
     * LoadBalancer Services we own; only the leader reconciles them.
     */
    public ClusterGatehouse loadBalancers(LoadBalancerSetup loadBalancers) {
        this.loadBalancers = Optional.of(loadBalancers);
        return this;
    }

    /** Also routes the apps of a Marathon by their labels, as the Services'. */
    public ClusterGatehouse marathon(MarathonSettings marathon) {
        features = features.withMarathon(marathon);
        return this;
    }

    /** How {@link Gatehouse#close()} stops the proxy: see {@link dev.gatehouse.proxy.ProxyServer#shutdown}. Without it, at once. */
    public ClusterGatehouse drain(Duration delay, Duration timeout) {
        features = features.withDrain(delay, timeout);
        return this;
    }

    /**
     * Starts the proxy (not ready yet), the election, the leader-only loops and the informers, and returns;
     * the first snapshot is published once every informer has listed its objects.
     */
    public Gatehouse start() {
        return Assembly.start(new ClusterMode(client, settings, acme, loadBalancers), features,
                settings.holdOff(), settings.maxHoldOff());
    }
}
