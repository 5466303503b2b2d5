package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * manifests/monitoring/ through the real tools an operator's pipeline uses: kubectl's kustomize builds the component
 * alone and in an overlay of manifests/deploy (as its kustomization.yaml says to use it), and promtool checks the
 * PrometheusRule's groups as Prometheus would load them. A missing tool fails the test: ./run-tests installs promtool
 * (Debian's prometheus package); kubectl comes with the machine.
 */
class MonitoringToolsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path MONITORING = ROOT.resolve("manifests").resolve("monitoring");
    private static final Path DEPLOY = ROOT.resolve("manifests").resolve("deploy");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @TempDir
    Path directory;

    @Test
    void kustomizeBuildsTheComponentAloneAndInAnOverlayOfTheDeploymentWithEitherMonitor() throws Exception {
        String alone = run(tool("kubectl", "/usr/bin/kubectl"), "kustomize", MONITORING.toString());
        Path podMonitored = overlay("pod", MONITORING);
        Path serviceMonitored = overlay("service", MONITORING, MONITORING.resolve("servicemonitor"));

        String withPodMonitor = run(tool("kubectl", "/usr/bin/kubectl"), "kustomize", podMonitored.toString());
        String withServiceMonitor = run(tool("kubectl", "/usr/bin/kubectl"), "kustomize", serviceMonitored.toString());

        assertThat(kinds(alone)).containsExactlyInAnyOrder("ConfigMap", "PodMonitor", "PrometheusRule");
        assertThat(kinds(withPodMonitor)).contains("Deployment", "Service", "ConfigMap", "PodMonitor", "PrometheusRule")
                .doesNotContain("ServiceMonitor");
        assertThat(kinds(withServiceMonitor)).contains("Deployment", "ServiceMonitor", "PrometheusRule").doesNotContain("PodMonitor");
        assertThat(withPodMonitor).contains("name: gatehouse-grafana-dashboard", "grafana_dashboard: \"1\"");
    }

    @Test
    void promtoolAcceptsEveryRuleOfThePrometheusRule() throws Exception {
        Map<?, ?> rule = YAML.unmarshal(Files.readString(MONITORING.resolve("prometheusrule.yaml")), Map.class);
        List<?> groups = (List<?>) ((Map<?, ?>) rule.get("spec")).get("groups");
        long rules = groups.stream().mapToLong(group -> ((List<?>) ((Map<?, ?>) group).get("rules")).size()).sum();
        Path file = directory.resolve("gatehouse-rules.yaml");
        Files.writeString(file, YAML.asYaml(Map.of("groups", groups)));

        String checked = run(tool("promtool", "/usr/bin/promtool"), "check", "rules", file.toString());

        assertThat(rules).isGreaterThanOrEqualTo(10);
        assertThat(checked).contains("SUCCESS: " + rules + " rules found");
    }

    /** An overlay of manifests/deploy with {@code components}, as manifests/monitoring/kustomization.yaml describes. */
    private Path overlay(String name, Path... components) throws IOException {
        Path dir = Files.createDirectories(directory.resolve(name));
        StringBuilder text = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ")
                .append(dir.relativize(DEPLOY)).append("\ncomponents:\n");
        for (Path component : components) {
            text.append("  - ").append(dir.relativize(component)).append('\n');
        }
        Files.writeString(dir.resolve("kustomization.yaml"), text);
        return dir;
    }

    private static List<String> kinds(String documents) {
        return Stream.of(documents.split("(?m)^---$")).filter(document -> !document.isBlank())
                .map(document -> String.valueOf(YAML.unmarshal(document, Map.class).get("kind"))).toList();
    }

    private static String tool(String name, String path) {
        assertThat(Path.of(path)).as(name + " is needed at " + path + " to check manifests/monitoring for real (./run-tests installs "
                + "promtool from Debian's prometheus package; kubectl must come with the machine)").isExecutable();
        return path;
    }

    /** Runs a tool, bounded in time; its output when it succeeds, else the test fails with it. */
    private String run(String... command) throws IOException, InterruptedException {
        Path output = directory.resolve("output-" + System.nanoTime());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(exited).as(String.join(" ", command) + " did not finish in 60 s: " + text).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + " failed: " + text).isZero();
        return text;
    }
}
