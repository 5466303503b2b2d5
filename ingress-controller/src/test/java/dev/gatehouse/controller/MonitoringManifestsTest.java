package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.Manifests;
import dev.gatehouse.controller.testing.RoutingWorld;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * manifests/monitoring/: the alerts and the Grafana dashboard use only metric names Gatehouse exports. The exported
 * names are read from the code (every metric builder's name, with the suffixes its type adds on exposition), and that
 * reading is checked against what a running Gatehouse serves on /metrics.
 */
class MonitoringManifestsTest {

    private static final Path ROOT = Path.of("..");
    private static final Path MONITORING = ROOT.resolve("manifests").resolve("monitoring");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();
    private static final Pattern BUILDER = Pattern.compile(
            "\\b(Counter|CounterWithCallback|Gauge|GaugeWithCallback|Histogram|Summary)\\.builder\\(\\)\\s*\\.name\\(\"(gatehouse_[a-z0-9_]+)\"\\)");
    private static final Pattern ANY_NAME = Pattern.compile("\\.name\\(\"gatehouse_");
    private static final Pattern USED = Pattern.compile("\\bgatehouse_[a-z0-9_]+");

    @TempDir
    Path directory;

    @Test
    void everyMetricTheAlertsAndTheGrafanaDashboardUseIsOneGatehouseExports() throws IOException {
        Set<String> exported = exportedByTheCode();
        Set<String> inRules = used(Files.readString(MONITORING.resolve("prometheusrule.yaml")));
        Set<String> inDashboard = used(Files.readString(MONITORING.resolve("gatehouse-dashboard.json")));

        assertThat(inRules).isNotEmpty().isSubsetOf(exported);
        assertThat(inDashboard).isNotEmpty().isSubsetOf(exported);
    }

    @Test
    void theNamesReadFromTheCodeAreTheOnesARunningGatehouseServes() throws IOException {
        Set<String> exported = exportedByTheCode();
        String ingress = Manifests.ingress("web", "web.example", "Prefix", "/", "web", 80);
        try (RoutingWorld world = RoutingWorld.start(directory, Map.of("web", 1), ingress)) {
            world.get("web.example", "/");
            String metrics = Admin.get(world.gatehouse().proxy().adminAddress().getPort(), "/metrics").body();

            Set<String> served = metrics.lines().filter(line -> line.startsWith("gatehouse_"))
                    .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));

            assertThat(served).contains("gatehouse_http_requests_total", "gatehouse_upstream_response_seconds_bucket",
                    "gatehouse_ready", "gatehouse_snapshot_version").isSubsetOf(exported);
        }
    }

    @Test
    void theRulesAlertOnEachFailureAnOperatorMustHearOf() throws IOException {
        Map<?, ?> rule = YAML.unmarshal(Files.readString(MONITORING.resolve("prometheusrule.yaml")), Map.class);

        String alerts = String.valueOf(rule.get("spec"));

        assertThat(rule.get("kind")).isEqualTo("PrometheusRule");
        assertThat(alerts).contains("GatehouseNoReadyReplica", "GatehouseSnapshotStale", "GatehouseHigh5xxRatio",
                "GatehouseClusterAllEndpointsDown", "GatehouseCertificateExpiringNotRenewed", "GatehouseDnsSyncFailing",
                "GatehouseLoadBalancerSyncFailing", "GatehouseAccessLogDropping", "GatehouseTraceSpansDropping");
        assertThat(used(String.valueOf(rule.get("spec")))).contains("gatehouse_access_log_dropped_total", "gatehouse_trace_spans_dropped_total");
    }

    @Test
    void theComponentListsItsFilesAndScrapesTheAdminPortOfThePodsThroughNoServicePort() throws IOException {
        Map<?, ?> component = YAML.unmarshal(Files.readString(MONITORING.resolve("kustomization.yaml")), Map.class);
        Map<?, ?> podMonitor = YAML.unmarshal(Files.readString(MONITORING.resolve("podmonitor.yaml")), Map.class);
        Map<?, ?> serviceMonitor = YAML.unmarshal(Files.readString(MONITORING.resolve("servicemonitor").resolve("servicemonitor.yaml")),
                Map.class);

        assertThat(component.get("kind")).isEqualTo("Component");
        for (Object file : (List<?>) component.get("resources")) {
            assertThat(MONITORING.resolve(String.valueOf(file))).exists();
        }
        assertThat(String.valueOf(podMonitor.get("spec"))).contains("port=admin", "path=/metrics");
        assertThat(String.valueOf(serviceMonitor.get("spec"))).contains("targetPort=admin").doesNotContain("port=admin,");
    }

    /** Every name a metric of the code is exposed under: counters end in _total, histograms add _bucket, _count, _sum. */
    private static Set<String> exportedByTheCode() throws IOException {
        Set<String> names = new TreeSet<>();
        int[] builders = new int[2];
        try (Stream<Path> files = Files.walk(ROOT)) {
            files.filter(path -> path.toString().endsWith(".java") && path.toString().contains("src" + File.separator + "main"))
                    .forEach(path -> {
                        String source = read(path);
                        builders[1] += (int) ANY_NAME.matcher(source).results().count();
                        Matcher matcher = BUILDER.matcher(source);
                        while (matcher.find()) {
                            builders[0]++;
                            String name = matcher.group(2);
                            switch (matcher.group(1)) {
                                case "Counter", "CounterWithCallback" -> names.add(name.replaceFirst("_total$", "") + "_total");
                                case "Histogram" -> List.of("_bucket", "_count", "_sum").forEach(suffix -> names.add(name + suffix));
                                case "Summary" -> List.of("", "_count", "_sum").forEach(suffix -> names.add(name + suffix));
                                default -> names.add(name);
                            }
                        }
                    });
        }
        // a metric whose builder this reading does not recognise would be missing: every name must be matched
        assertThat(builders[0]).as("metric builders read").isEqualTo(builders[1]);
        assertThat(names).as("metric names found in the code").hasSizeGreaterThan(30);
        return names;
    }

    private static Set<String> used(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = USED.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
