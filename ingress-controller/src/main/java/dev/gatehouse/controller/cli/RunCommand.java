package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.acme.AcmeSettings;
import dev.gatehouse.controller.dns.DnsSetup;
import dev.gatehouse.controller.marathon.MarathonSettings;
import dev.gatehouse.controller.runtime.LoadBalancerSetup;
import dev.gatehouse.controller.runtime.ClusterGatehouse;
import dev.gatehouse.controller.runtime.ClusterSettings;
import dev.gatehouse.controller.runtime.StandaloneGatehouse;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.gateway.GatewaySettings;
import dev.gatehouse.proxy.ProxySettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {
                "Serves the Ingresses of our class through the proxy, and the Service ports (and Marathon apps) that ask "
                        + "for it with marathon-lb's HAPROXY_* keys.",
                "By default, watches a Kubernetes cluster (Ingress, IngressClass, Service, EndpointSlice and TLS Secret) "
                        + "and, when it holds the leader Lease, writes Ingress status and events.",
                "With --manifests DIR, reads those objects (and Endpoints) from the YAML and JSON files of a directory "
                        + "instead, standalone. Either way every change is live within a second. Stop with Ctrl-C or SIGTERM."})
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--manifests", paramLabel = "DIR",
            description = "Standalone mode: serve the manifests in this directory instead of a cluster's objects.")
    Path manifests;

    @Option(names = "--bind-address", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address the listeners bind (default: ${DEFAULT-VALUE}).")
    String bindAddress;

    @Mixin
    ProxyOptions proxy;

    @Mixin
    KubernetesOptions kubernetes;

    @Mixin
    AcmeOptions acme;

    @Mixin
    DnsOptions dns;

    @Mixin
    CloudOptions cloud;

    @Mixin
    LabelOptions labels;

    @Option(names = "--ingress-class", paramLabel = "NAME", defaultValue = TranslatorSettings.DEFAULT_INGRESS_CLASS,
            description = "Serve Ingresses whose spec.ingressClassName (or kubernetes.io/ingress.class annotation) is "
                    + "this name (default: ${DEFAULT-VALUE}).")
    String ingressClass;

    @Option(names = "--controller-class", paramLabel = "NAME", defaultValue = TranslatorSettings.DEFAULT_CONTROLLER_CLASS,
            description = "Serve Ingresses of every IngressClass whose spec.controller is this value (default: ${DEFAULT-VALUE}).")
    String controllerClass;

    @Option(names = "--gateway-controller-name", paramLabel = "NAME", defaultValue = GatewaySettings.DEFAULT_CONTROLLER_NAME,
            description = "Serve the Gateways of every GatewayClass whose spec.controllerName is this value "
                    + "(default: ${DEFAULT-VALUE}); see docs/gateway-api.md.")
    String gatewayControllerName;

    @Option(names = "--default-certificate", paramLabel = "NAMESPACE/SECRET",
            description = "TLS Secret served to server names without a certificate of their own, and to clients without SNI "
                    + "(default: one generated at start; see also --default-certificate-file).")
    String defaultCertificate;

    @Option(names = "--hsts", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Send Strict-Transport-Security on HTTPS responses of hosts with TLS (default: on; --no-hsts to turn off).")
    boolean hsts;

    @Option(names = "--hsts-max-age", paramLabel = "SECONDS", defaultValue = "31536000", converter = Converters.Count.class,
            description = "Its max-age (default: ${DEFAULT-VALUE}, a year, as ingress-nginx).")
    int hstsMaxAge;

    @Option(names = "--hsts-include-subdomains", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Add includeSubDomains (default: on).")
    boolean hstsIncludeSubdomains;

    @Option(names = "--hsts-preload", defaultValue = "false", description = "Add preload (default: off).")
    boolean hstsPreload;

    @Option(names = "--config", paramLabel = "NAMESPACE/NAME",
            description = "ConfigMap of global defaults, with ingress-nginx's key names (proxy-body-size, ssl-redirect, hsts*, "
                    + "keep-alive, use-forwarded-headers, ...); an Ingress's annotation wins over it, it wins over these flags; "
                    + "standalone, a ConfigMap of that name in the manifest directory; changes apply live (default: none).")
    String config;

    @Option(names = "--debounce-hold-off", paramLabel = "DURATION", defaultValue = "100ms", converter = Converters.Time.class,
            description = "Least time between the end of one rebuild and the start of the next: the first change after a quiet "
                    + "period is rebuilt at once, later ones wait for the gap and coalesce (default: ${DEFAULT-VALUE}).")
    Duration holdOff;

    @Option(names = "--debounce-max-hold-off", paramLabel = "DURATION", defaultValue = "1s", converter = Converters.Time.class,
            description = "Widest gap between rebuilds: under a steady stream of changes the gap doubles from "
                    + "--debounce-hold-off up to this (default: ${DEFAULT-VALUE}).")
    Duration maxHoldOff;

    @Mixin
    LogOptions logs;

    @Override
    public Integer call() throws InterruptedException {
        logs.apply();
        if (manifests != null && !Files.isDirectory(manifests)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--manifests': '"
                    + manifests + "' is not a directory (expected a directory of Kubernetes manifests)");
        }
        if (maxHoldOff.compareTo(holdOff) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--debounce-max-hold-off': '"
                    + maxHoldOff.toMillis() + "ms' is shorter than --debounce-hold-off (expected at least "
                    + holdOff.toMillis() + "ms)");
        }
        if (defaultCertificate != null && !defaultCertificate.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--default-certificate': '"
                    + defaultCertificate + "' is not a Secret reference (expected NAMESPACE/SECRET)");
        }
        if (config != null && !config.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--config': '"
                    + config + "' is not a ConfigMap reference (expected NAMESPACE/NAME)");
        }
        TranslatorSettings translator = new TranslatorSettings(ingressClass, controllerClass,
                hsts ? TranslatorSettings.hsts(hstsMaxAge, hstsIncludeSubdomains, hstsPreload) : null, defaultCertificate)
                .withConfig(config);
        ProxySettings proxySettings = proxy.settings(spec.commandLine(), bindAddress);
        translator = labels.apply(spec.commandLine(), translator).withReservedPorts(ownPorts(proxySettings));
        try {
            translator = translator.withGateway(new GatewaySettings(gatewayControllerName, proxy.httpPort, proxy.httpsPort));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '--gateway-controller-name': "
                    + e.getMessage());
        }
        Optional<MarathonSettings> marathon = labels.marathon(spec.commandLine());
        AcmeSettings acmeSettings = acme.settings(spec.commandLine());
        Optional<DnsSetup> dnsSetup = dns.setup(spec.commandLine());
        if (manifests != null && !"none".equals(cloud.chosen())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Option '--cloud " + cloud.chosen() + "' needs a "
                    + "cluster: load balancers are kept for Services in the Kubernetes API (expected no --manifests)");
        }
        if (manifests != null) {
            StandaloneGatehouse standalone = StandaloneGatehouse.serving(manifests.toAbsolutePath(), proxySettings, translator)
                    .debounce(holdOff, maxHoldOff).acme(acmeSettings).drain(proxy.drainDelay, proxy.shutdownTimeout);
            dnsSetup.ifPresent(setup -> standalone.dns(setup, kubernetes.publishAddresses));
            marathon.ifPresent(standalone::marathon);
            return awaitShutdown(standalone.start());
        }
        Optional<LoadBalancerSetup> lbSetup = cloud.setup(spec.commandLine(), dns);
        KubernetesClient client = kubernetes.client(spec.commandLine());
        ClusterSettings settings;
        try {
            settings = kubernetes.settings(spec.commandLine(), client, translator, holdOff, maxHoldOff);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        ClusterGatehouse cluster = ClusterGatehouse.watching(client, proxySettings, settings).acme(acmeSettings)
                .drain(proxy.drainDelay, proxy.shutdownTimeout);
        dnsSetup.ifPresent(cluster::dns);
        lbSetup.ifPresent(cluster::loadBalancers);
        marathon.ifPresent(cluster::marathon);
        return awaitShutdown(cluster.start());
    }

    /** The ports of Gatehouse's own listeners, which no TCP listener may take. */
    private static Set<Integer> ownPorts(ProxySettings settings) {
        Set<Integer> ports = new HashSet<>();
        for (int port : new int[] {settings.httpPort(), settings.httpsPort(), settings.adminPort()}) {
            if (port > 0) {
                ports.add(port);
            }
        }
        return ports;
    }

    /** Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then closes {@code resource} before it exits. */
    static int awaitShutdown(AutoCloseable resource) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("gatehouse: stopping failed: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "gatehouse-shutdown"));
        stopped.await();
        return 0;
    }
}
