package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.kube.Leadership;
import dev.gatehouse.controller.runtime.ClusterSettings;
import dev.gatehouse.controller.translate.TranslatorSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Where the Kubernetes API is, what to watch, what to publish, and the leader election. */
final class KubernetesOptions {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use, with its current context (default: the in-cluster service account, else "
                    + "$KUBECONFIG, else ~/.kube/config).")
    Path kubeconfig;

    @Option(names = "--watch-namespace", paramLabel = "NAMESPACE",
            description = "Watch only this namespace; repeatable (default: all namespaces).")
    List<String> namespaces = new ArrayList<>();

    @Option(names = "--publish-service", paramLabel = "NAMESPACE/NAME",
            description = "Write this Service's load balancer address (else its external IPs) into our Ingresses' "
                    + "status.loadBalancer (default: none).")
    String publishService;

    @Option(names = "--publish-status-address", paramLabel = "ADDRESS", split = ",",
            description = "Write these IP addresses and hostnames into our Ingresses' status.loadBalancer instead; "
                    + "repeatable or comma-separated (default: none).")
    List<String> publishAddresses = new ArrayList<>();

    @Option(names = "--election-lease", paramLabel = "NAME", defaultValue = "gatehouse-leader",
            description = "Name of the coordination.k8s.io Lease through which replicas elect the one that writes status and "
                    + "events (default: ${DEFAULT-VALUE}).")
    String leaseName;

    @Option(names = "--election-namespace", paramLabel = "NAMESPACE",
            description = "Namespace of that Lease (default: $POD_NAMESPACE, else the namespace of the service account or "
                    + "kubeconfig context, else default).")
    String leaseNamespace;

    KubernetesClient client(CommandLine commandLine) {
        Config config;
        if (kubeconfig != null) {
            if (!Files.isRegularFile(kubeconfig) || !Files.isReadable(kubeconfig)) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--kubeconfig': '" + kubeconfig
                        + "' is not a readable file (expected a kubeconfig file)");
            }
            try {
                config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--kubeconfig': '" + kubeconfig
                        + "' cannot be read: " + e.getMessage() + " (expected a readable kubeconfig file)");
            } catch (RuntimeException e) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--kubeconfig': '" + kubeconfig
                        + "' is not a usable kubeconfig: " + e.getMessage());
            }
        } else {
            config = Config.autoConfigure(null);
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    ClusterSettings settings(CommandLine commandLine, KubernetesClient client, TranslatorSettings translator,
                             Duration holdOff, Duration maxHoldOff) {
        for (String namespace : namespaces) {
            if (!NAME.matcher(namespace).matches()) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--watch-namespace': '"
                        + namespace + "' is not a namespace name (expected lowercase letters, digits and '-')");
            }
        }
        if (publishService != null) {
            String[] parts = publishService.split("/", -1);
            if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--publish-service': '"
                        + publishService + "' is not a Service reference (expected NAMESPACE/NAME)");
            }
            if (!publishAddresses.isEmpty()) {
                throw new CommandLine.ParameterException(commandLine,
                        "Options '--publish-service' and '--publish-status-address' cannot be used together (expected one of them)");
            }
        }
        for (String address : publishAddresses) {
            try {
                dev.gatehouse.controller.kube.PublishAddress.fixed(List.of(address));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--publish-status-address': "
                        + e.getMessage());
            }
        }
        if (!NAME.matcher(leaseName).matches()) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--election-lease': '"
                    + leaseName + "' is not a Lease name (expected lowercase letters, digits and '-')");
        }
        String namespace = leaseNamespace != null ? leaseNamespace : firstOf(System.getenv("POD_NAMESPACE"),
                client.getConfiguration().getNamespace(), "default");
        return new ClusterSettings(translator, new LinkedHashSet<>(namespaces), Optional.ofNullable(publishService),
                publishAddresses.stream().map(String::trim).toList(), namespace, leaseName, identity(),
                Leadership.Timing.DEFAULT, holdOff, maxHoldOff);
    }

    /** The pod's name in a cluster (the Deployment passes it), else this host's name and the process id. */
    private static String identity() {
        String pod = System.getenv("POD_NAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "gatehouse";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new IllegalStateException("no value");
    }
}
