package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.manifests.ManifestDirectory;
import dev.gatehouse.controller.translate.AnnotationValues;
import dev.gatehouse.controller.translate.annotations.AnnotationCatalog;
import dev.gatehouse.controller.translate.annotations.ConfigMapCatalog;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.view.ClusterView;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "migrate-check",
        mixinStandardHelpOptions = true,
        usageHelpWidth = 100,
        description = {"Lists, for existing Ingresses of any class, each ingress-nginx (or gatehouse.dev) annotation and what "
                + "Gatehouse does with it: honoured, not read yet, or refused; so that an operator knows before switching classes.",
                "Then each value Gatehouse would not use as written (a malformed value, a Secret or ConfigMap that is missing "
                + "or unreadable), with what it expected and what it does instead.",
                "With --config, also each key of that ConfigMap of ingress-nginx's global settings and what Gatehouse does with it.",
                "Then, for each Ingress, the Gateway API HTTPRoutes it would be and what of it they would not carry; "
                + "with --httproutes, those HTTPRoutes and their Gateways as YAML to review and apply.",
                "Reads a manifest directory, or a cluster with --all-namespaces or --namespace: its Ingresses, and the Services, "
                + "Secrets and ConfigMaps they may name (no Secret's content is printed). Changes nothing."})
final class MigrateCheckCommand implements Callable<Integer> {

    private static final String ROW = "%-32s %-58s %-9s %s%n";
    /** A value problem's message: "ingress namespace/name: annotation KEY: what is wrong with it". */
    private static final Pattern PROBLEM = Pattern.compile("^.*?: annotation (\\S+): (.*)$", Pattern.DOTALL);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "DIR", description = "A directory of manifests to check instead of a cluster.")
    Path directory;

    @Option(names = {"-A", "--all-namespaces"}, description = "Check the Ingresses of every namespace of the cluster.")
    boolean allNamespaces;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", description = "Check the Ingresses of this namespace.")
    String namespace;

    @Option(names = "--config", paramLabel = "NAMESPACE/NAME",
            description = "A ConfigMap of ingress-nginx's global settings (its controller's --configmap) whose keys to check too.")
    String config;

    @Option(names = "--httproutes", description = "Print the HTTPRoutes and Gateways the Ingresses would be, as YAML.")
    boolean httpRoutes;

    @Option(names = "--gateway", paramLabel = "NAME", defaultValue = "gatehouse",
            description = "The Gateway (of each Ingress's namespace) the HTTPRoutes attach to (default: ${DEFAULT-VALUE}).")
    String gateway;

    @Option(names = "--gateway-class", paramLabel = "NAME", defaultValue = "gatehouse",
            description = "The GatewayClass of those Gateways (default: ${DEFAULT-VALUE}).")
    String gatewayClass;

    @Mixin
    KubernetesOptions kubernetes;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        ClusterView view = view(commandLine);
        List<Ingress> ingresses = view.ingresses();
        PrintWriter out = commandLine.getOut();
        out.printf(ROW, "INGRESS", "ANNOTATION", "GATEHOUSE", "WHAT HAPPENS");
        Map<AnnotationCatalog.Support, Integer> counts = new EnumMap<>(AnnotationCatalog.Support.class);
        int unknown = 0;
        int unserved = 0;
        int invalid = 0;
        AnnotationValues values = new AnnotationValues(view);
        for (Ingress ingress : ingresses) {
            String name = (ingress.getMetadata().getNamespace() == null ? "default" : ingress.getMetadata().getNamespace()) + "/"
                    + ingress.getMetadata().getName();
            boolean served = true;
            Map<String, String> annotations = ingress.getMetadata().getAnnotations() == null ? Map.of()
                    : ingress.getMetadata().getAnnotations();
            for (String key : annotations.keySet().stream().sorted().toList()) {
                String prefix = AnnotationCatalog.PREFIXES.stream().filter(key::startsWith).findFirst().orElse(null);
                if (prefix == null) {
                    continue;
                }
                String keyName = key.substring(prefix.length());
                if (prefix.equals(AnnotationCatalog.PREFIXES.get(0)) && AnnotationCatalog.otherFeature(keyName)) {
                    continue;
                }
                AnnotationCatalog.Key known = AnnotationCatalog.find(keyName);
                String support;
                String note;
                if (known == null) {
                    support = "unknown";
                    note = "ignored (did you mean " + prefix + AnnotationCatalog.closest(keyName) + "?)";
                    unknown++;
                } else {
                    support = word(known.support());
                    note = known.meaning();
                    counts.merge(known.support(), 1, Integer::sum);
                    served &= !known.restricts() || known.support() == AnnotationCatalog.Support.HONOURED
                            || known.support() == AnnotationCatalog.Support.APPROXIMATED;
                }
                out.printf(ROW, name, key, support, note);
            }
            for (String problem : values.problems(ingress)) {
                Matcher parts = PROBLEM.matcher(problem);
                boolean matched = parts.matches();
                out.printf(ROW, name, matched ? parts.group(1) : "", "invalid", matched ? parts.group(2) : problem);
                invalid++;
            }
            if (!served) {
                unserved++;
            }
        }
        out.printf("%n%d Ingresses: %d annotations honoured, %d approximated, %d not read yet, %d refused, %d unknown; %d values not used as "
                + "written; %d Ingresses would not be served until what they ask for access control is read%n", ingresses.size(),
                counts.getOrDefault(AnnotationCatalog.Support.HONOURED, 0), counts.getOrDefault(AnnotationCatalog.Support.APPROXIMATED, 0),
                counts.getOrDefault(AnnotationCatalog.Support.NOT_YET, 0), counts.getOrDefault(AnnotationCatalog.Support.REFUSED, 0),
                unknown, invalid, unserved);
        if (config != null) {
            checkConfig(view, out);
        }
        HttpRoutesReport.print(ingresses, view.services(), gateway, gatewayClass, httpRoutes, out);
        out.flush();
        return 0;
    }

    private static String word(AnnotationCatalog.Support support) {
        return switch (support) {
            case HONOURED -> "honoured";
            case NOT_YET -> "not yet";
            case REFUSED -> "refused";
            case APPROXIMATED -> "approx.";
        };
    }

    /** One row per key of the --config ConfigMap, then a summary line; a ConfigMap that is not there is said so. */
    private void checkConfig(ClusterView view, PrintWriter out) {
        ConfigMap configMap = view.configMaps().stream()
                .filter(map -> config.equals(Metadata.namespace(map) + "/" + map.getMetadata().getName()))
                .findFirst().orElse(null);
        out.printf("%n");
        if (configMap == null) {
            out.printf("ConfigMap %s (--config) is not found (expected a ConfigMap of ingress-nginx's global settings)%n", config);
            return;
        }
        String name = "configmap " + config;
        Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
        Map<AnnotationCatalog.Support, Integer> counts = new EnumMap<>(AnnotationCatalog.Support.class);
        int unknown = 0;
        boolean blocks = false;
        out.printf(ROW, "CONFIGMAP", "KEY", "GATEHOUSE", "WHAT HAPPENS");
        for (String key : data.keySet().stream().sorted().toList()) {
            AnnotationCatalog.Key known = ConfigMapCatalog.find(key);
            if (known == null) {
                out.printf(ROW, name, key, "unknown", "not a key of ingress-nginx's ConfigMap that Gatehouse knows; ignored");
                unknown++;
                continue;
            }
            counts.merge(known.support(), 1, Integer::sum);
            blocks |= known.restricts() && (known.support() == AnnotationCatalog.Support.NOT_YET
                    || known.support() == AnnotationCatalog.Support.REFUSED);
            out.printf(ROW, name, key, word(known.support()), known.meaning());
        }
        out.printf("%n%s: %d keys honoured, %d approximated, %d not read yet, %d refused, %d unknown%s%n", name,
                counts.getOrDefault(AnnotationCatalog.Support.HONOURED, 0), counts.getOrDefault(AnnotationCatalog.Support.APPROXIMATED, 0),
                counts.getOrDefault(AnnotationCatalog.Support.NOT_YET, 0), counts.getOrDefault(AnnotationCatalog.Support.REFUSED, 0),
                unknown, blocks ? "; every Ingress would be answered 503 until what it asks for access control is read or removed" : "");
    }

    private ClusterView view(CommandLine commandLine) {
        if (config != null && !config.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-.a-z0-9]*[a-z0-9])?")) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--config': '" + config
                    + "' (expected NAMESPACE/NAME of a ConfigMap, such as ingress-nginx/ingress-nginx-controller)");
        }
        if (directory != null) {
            if (!Files.isDirectory(directory)) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for parameter 'DIR': '" + directory
                        + "' is not a directory (expected a directory of Kubernetes manifests)");
            }
            return new ManifestDirectory(directory.toAbsolutePath()).load();
        }
        if (!allNamespaces && namespace == null) {
            throw new CommandLine.ParameterException(commandLine, "Missing what to check (expected a DIR of manifests, "
                    + "--all-namespaces or --namespace NAMESPACE)");
        }
        try (KubernetesClient client = kubernetes.client(commandLine)) {
            if (allNamespaces) {
                return new ClusterView(client.network().v1().ingresses().inAnyNamespace().list().getItems(), List.of(),
                        client.services().inAnyNamespace().list().getItems(), List.of(), List.of(),
                        client.secrets().inAnyNamespace().list().getItems(), client.configMaps().inAnyNamespace().list().getItems());
            }
            List<ConfigMap> configMaps = new ArrayList<>(client.configMaps().inNamespace(namespace).list().getItems());
            if (config != null && !config.startsWith(namespace + "/")) {
                // the global ConfigMap usually lives in the controller's namespace, not the Ingresses'
                String[] parts = config.split("/", 2);
                ConfigMap global = client.configMaps().inNamespace(parts[0]).withName(parts[1]).get();
                if (global != null) {
                    configMaps.add(global);
                }
            }
            return new ClusterView(client.network().v1().ingresses().inNamespace(namespace).list().getItems(), List.of(),
                    client.services().inNamespace(namespace).list().getItems(), List.of(), List.of(),
                    client.secrets().inNamespace(namespace).list().getItems(), configMaps);
        }
    }
}
