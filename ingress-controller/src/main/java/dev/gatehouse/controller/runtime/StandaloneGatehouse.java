package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.dns.DnsSetup;
import dev.gatehouse.controller.marathon.MarathonSettings;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.ProxySettings;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a Gatehouse on one machine is made of: the proxy serving a directory of manifests, and the
 * optional parts asked for. {@link #start()} returns once the first snapshot is live; after that, every
 * change to the directory is live after the debounce. With ACME, the only replica is always the leader,
 * and what it orders is kept in a directory of its own.
 */
public final class StandaloneGatehouse {

    private final Path manifests;
    private final TranslatorSettings translator;
    private Features features;
    private Optional<AcmeSettings> acme = Optional.empty();
    private Duration holdOff = Duration.ofMillis(100);
    private Duration maxHoldOff = Duration.ofSeconds(1);
    private List<String> edgeTargets = List.of();

    private StandaloneGatehouse(Path manifests, ProxySettings proxy, TranslatorSettings translator) {
        this.manifests = manifests;
        this.translator = translator;
        this.features = Features.of(proxy);
    }

    /**
     * @param manifests  the directory to serve
     * @param proxy      ports, threads and timeouts of the proxy
     * @param translator which Ingresses are ours
     */
    public static StandaloneGatehouse serving(Path manifests, ProxySettings proxy, TranslatorSettings translator) {
        return new StandaloneGatehouse(manifests, proxy, translator);
    }

    /** Quiet time after a change before rebuilding, and the longest wait after the first change of a burst. */
    public StandaloneGatehouse debounce(Duration holdOff, Duration maxHoldOff) {
        this.holdOff = holdOff;
        this.maxHoldOff = maxHoldOff;
        return this;
    }

    /**
     * Orders certificates by ACME for the Ingresses that ask, kept in {@code acme.storage()} (whose Secrets are
     * served as if they were in the manifest directory).
     */
    public StandaloneGatehouse acme(AcmeSettings acme) {
        this.acme = Optional.of(acme);
        return this;
    }

    /**
     * Publishes the hosts of the served Ingresses and label vhosts to DNS at {@code edgeTargets} (the
     * {@code --publish-status-address}), and annotated LoadBalancer Services at their status.
     */
    public StandaloneGatehouse dns(DnsSetup dns, List<String> edgeTargets) {
        features = features.withDns(dns);
        this.edgeTargets = List.copyOf(edgeTargets);
        return this;
    }

    /**
     * Also routes the apps of a Marathon by their labels; the first snapshot waits for Marathon's first answer,
     * up to ten seconds.
     */
    public StandaloneGatehouse marathon(MarathonSettings marathon) {
        features = features.withMarathon(marathon);
        return this;
    }

    /** The access log, if on, goes to {@code accessLog} rather than standard output. */
    public StandaloneGatehouse accessLog(OutputStream accessLog) {
        features = features.withAccessLog(accessLog);
        return this;
    }

    /** How {@link Gatehouse#close()} stops the proxy: see {@link dev.gatehouse.proxy.ProxyServer#shutdown}. Without it, at once. */
    public StandaloneGatehouse drain(Duration delay, Duration timeout) {
        features = features.withDrain(delay, timeout);
        return this;
    }

    public Gatehouse start() {
        return Assembly.start(new StandaloneMode(manifests, translator, acme, edgeTargets), features, holdOff,
                maxHoldOff);
    }
}
