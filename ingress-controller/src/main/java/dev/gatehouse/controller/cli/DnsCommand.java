package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.dns.DnsGatewaySources;
import dev.gatehouse.controller.dns.DnsSetup;
import dev.gatehouse.controller.manifests.ManifestDirectory;
import dev.gatehouse.controller.translate.IngressTranslator;
import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.dns.DnsEvents;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsProvider;
import dev.gatehouse.dns.DnsReconciler;
import dev.gatehouse.dns.PlanTable;
import dev.gatehouse.dns.source.DesiredRecords;
import dev.gatehouse.dns.source.SourceProblem;
import dev.gatehouse.dns.source.SourceSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "dns",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {"Plans or applies, once, the DNS records of the hosts Gatehouse serves (see docs/dns.md).",
                "'gatehouse run' with the same --dns-* flags keeps them in step continuously."},
        subcommands = {DnsCommand.Plan.class, DnsCommand.Sync.class, CommandLine.HelpCommand.class})
final class DnsCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Prints the changes the DNS sync would make, as a table; changes nothing.")
    static final class Plan extends Once {
        Plan() {
            super(true);
        }
    }

    @Command(name = "sync", mixinStandardHelpOptions = true, usageHelpWidth = 100,
            description = "Makes the changes once, prints them as a table, and exits (non-zero when a zone failed).")
    static final class Sync extends Once {
        Sync() {
            super(false);
        }
    }

    /** One loop, from a manifest directory or a cluster. */
    abstract static class Once implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--manifests", paramLabel = "DIR",
                description = "Standalone: the manifest directory 'gatehouse run --manifests' serves; Ingresses point at "
                        + "--publish-status-address.")
        Path manifests;

        @Option(names = "--ingress-class", paramLabel = "NAME", defaultValue = TranslatorSettings.DEFAULT_INGRESS_CLASS,
                description = "Our Ingress class (default: ${DEFAULT-VALUE}).")
        String ingressClass;

        @Option(names = "--controller-class", paramLabel = "NAME", defaultValue = TranslatorSettings.DEFAULT_CONTROLLER_CLASS,
                description = "Our IngressClass controller (default: ${DEFAULT-VALUE}).")
        String controllerClass;

        @Mixin
        KubernetesOptions kubernetes;

        @Mixin
        DnsOptions dns;

        @Mixin
        LogOptions logs;

        private final boolean planOnly;

        Once(boolean planOnly) {
            this.planOnly = planOnly;
        }

        @Override
        public Integer call() {
            logs.apply();
            CommandLine commandLine = spec.commandLine();
            if (!dns.enabled()) {
                throw new CommandLine.ParameterException(commandLine,
                        "Missing option '--dns-provider' (expected route53, azure or rfc2136)");
            }
            if (planOnly) {
                dns.dryRun = true;
            }
            DnsSetup setup = dns.setup(commandLine).orElseThrow();
            ClusterView view = view(commandLine);
            Translation translation = new IngressTranslator(new TranslatorSettings(ingressClass, controllerClass)).translate(view);
            List<ObjectRef> ours = translation.ingresses();
            Set<ObjectRef> served = new HashSet<>(ours);
            List<Ingress> ingresses = view.ingresses().stream().filter(i -> served.contains(ObjectRef.of(i))).toList();
            List<String> edge = kubernetes.publishAddresses;
            DesiredRecords.Result desired = DesiredRecords.from(ingresses, view.services(), translation.labelMaps().serviceHosts(),
                    DnsGatewaySources.of(view.gateway(), translation.gateway()), manifests != null ? SourceSettings.standalone(edge) : SourceSettings.cluster(edge));
            for (SourceProblem problem : desired.problems()) {
                commandLine.getErr().println("gatehouse dns: " + problem.message());
            }
            try (DnsProvider provider = setup.provider().get()) {
                DnsReconciler reconciler = new DnsReconciler(provider, setup.sync(), DnsEvents.none(), Clock.systemUTC(),
                        new PrometheusRegistry());
                DnsReconciler.Result result = reconciler.reconcile(desired.desired());
                commandLine.getOut().print(PlanTable.render(result.plans()));
                commandLine.getOut().println(planOnly ? "plan only: nothing was written"
                        : result.writes() + " record set(s) written, ownership records included");
                commandLine.getOut().flush();
                return 0;
            } catch (DnsException e) {
                commandLine.getErr().println("gatehouse dns: " + e.getMessage());
                return 1;
            }
        }

        private ClusterView view(CommandLine commandLine) {
            if (manifests != null) {
                if (!Files.isDirectory(manifests)) {
                    throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--manifests': '"
                            + manifests + "' is not a directory (expected a directory of Kubernetes manifests)");
                }
                return new ManifestDirectory(manifests.toAbsolutePath()).load();
            }
            try (KubernetesClient client = kubernetes.client(commandLine)) {
                List<HasMetadata> objects = new ArrayList<>();
                objects.addAll(client.network().v1().ingresses().inAnyNamespace().list().getItems());
                objects.addAll(client.network().v1().ingressClasses().list().getItems());
                objects.addAll(client.services().inAnyNamespace().list().getItems());
                if (client.supports(GatewayClass.class)) {
                    objects.addAll(client.resources(GatewayClass.class).list().getItems());
                    objects.addAll(client.resources(Gateway.class).inAnyNamespace().list().getItems());
                    objects.addAll(client.resources(HTTPRoute.class).inAnyNamespace().list().getItems());
                    objects.addAll(client.namespaces().list().getItems());
                }
                return ClusterView.of(objects);
            }
        }
    }
}
