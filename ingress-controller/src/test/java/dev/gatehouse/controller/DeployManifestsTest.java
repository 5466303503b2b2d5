package dev.gatehouse.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.ApiCalls;
import dev.gatehouse.controller.testing.MockCluster;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** manifests/deploy/ loads with fabric8's model classes and grants exactly what the controller uses. */
class DeployManifestsTest {

    private static final Path DEPLOY = Path.of("..", "manifests", "deploy");
    private static final KubernetesSerialization YAML = new KubernetesSerialization();

    @Test
    void every_yaml_file_loads_as_known_kubernetes_objects_and_the_kustomization_lists_them_all() throws IOException {
        List<String> files = yamlFiles().map(f -> f.getFileName().toString()).filter(f -> !f.equals("kustomization.yaml")).toList();

        for (String file : files) {
            assertThat(load(file)).as(file).isNotEmpty().allSatisfy(object ->
                    assertThat(object).as(file).isNotInstanceOf(GenericKubernetesResource.class));
        }
        Map<?, ?> kustomization = YAML.unmarshal(Files.readString(DEPLOY.resolve("kustomization.yaml")), Map.class);
        assertThat(((List<?>) kustomization.get("resources")).stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrderElementsOf(files);
    }

    @Test
    void theAdminPortIsOnNoServiceSoItIsReachedByPortForwardOnly() throws IOException {
        Container container = ((Deployment) load("deployment.yaml").get(0)).getSpec().getTemplate().getSpec().getContainers().get(0);
        int adminPort = container.getPorts().stream().filter(port -> "admin".equals(port.getName())).findFirst().orElseThrow()
                .getContainerPort();
        List<io.fabric8.kubernetes.api.model.ServicePort> servicePorts = new ArrayList<>();
        for (Path file : yamlFiles().toList()) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            for (HasMetadata object : load(file.getFileName().toString())) {
                if (object instanceof io.fabric8.kubernetes.api.model.Service service) {
                    servicePorts.addAll(service.getSpec().getPorts());
                }
            }
        }

        assertThat(servicePorts).isNotEmpty().allSatisfy(port -> {
            assertThat(String.valueOf(port.getTargetPort().getValue())).isNotIn("admin", String.valueOf(adminPort));
            assertThat(port.getPort()).isNotEqualTo(adminPort);
        });
    }

    @Test
    void the_roles_grant_each_call_the_controller_makes_and_nothing_beyond_them() throws IOException {
        Set<String> granted = new TreeSet<>();
        for (HasMetadata object : load("rbac.yaml")) {
            List<PolicyRule> rules = object instanceof ClusterRole role ? role.getRules()
                    : object instanceof Role role ? role.getRules() : List.of();
            for (PolicyRule rule : rules) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        rule.getVerbs().forEach(verb -> granted.add(ApiCalls.grant(verb, group, resource)));
                    }
                }
            }
        }

        assertThat(granted).containsExactlyInAnyOrderElementsOf(ApiCalls.CONTROLLER_USES);
    }

    @Test
    void every_call_the_controller_makes_in_a_cluster_is_in_the_granted_set() throws InterruptedException {
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient kube = cluster.admin();
            kube.resource(MockCluster.service("gatehouse", "gatehouse")).create();
            kube.resource(MockCluster.ingress("shop", "web", "shop.example.com", "/", "missing")).create();
            Gatehouse gatehouse = cluster.gatehouse("replica-1", "gatehouse/gatehouse", List.of(), Set.of());
            try {
                kube.services().inNamespace("gatehouse").withName("gatehouse").editStatus(s -> new ServiceBuilder(s)
                        .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("198.51.100.7").endIngress()
                        .endLoadBalancer().endStatus().build());
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    Ingress ingress = kube.network().v1().ingresses().inNamespace("shop").withName("web").get();
                    return ingress.getStatus() != null && ingress.getStatus().getLoadBalancer() != null
                            && ingress.getStatus().getLoadBalancer().getIngress() != null
                            && !kube.v1().events().inNamespace("shop").list().getItems().isEmpty();
                });
            } finally {
                gatehouse.close();
            }

            Set<String> calls = cluster.callsByGatehouse();

            assertThat(calls).contains("update networking.k8s.io/ingresses/status", "create core/events",
                    "patch coordination.k8s.io/leases", "watch discovery.k8s.io/endpointslices");
            assertThat(ApiCalls.CONTROLLER_USES).containsAll(calls);
        }
    }

    @Test
    void the_deployment_runs_two_hardened_replicas_probed_on_the_admin_port() throws IOException {
        Deployment deployment = (Deployment) load("deployment.yaml").get(0);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);

        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(pod.getServiceAccountName()).isEqualTo("gatehouse");
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getTopologySpreadConstraints()).isNotEmpty();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("admin");
        assertThat(container.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo("admin");
            assertThat(port.getContainerPort()).isEqualTo(9090);
        });
    }

    @Test
    void theDeploymentSetsTheHeapAndTheCollectorAsTheImageTrainedItsAotCacheWith() throws IOException {
        Container container = ((Deployment) load("deployment.yaml").get(0)).getSpec().getTemplate().getSpec().getContainers().get(0);
        String deployment = container.getEnv().stream().filter(env -> env.getName().equals("JAVA_TOOL_OPTIONS")).findFirst()
                .orElseThrow().getValue();
        String image = Files.readAllLines(Path.of("..", "Containerfile")).stream()
                .filter(line -> line.startsWith("ENV JAVA_TOOL_OPTIONS=")).findFirst().orElseThrow()
                .replaceFirst("^ENV JAVA_TOOL_OPTIONS=\"(.*)\"$", "$1");

        assertThat(deployment.split(" ")).contains("-XX:+UseSerialGC").anyMatch(option -> option.startsWith("-XX:MaxRAMPercentage="));
        assertThat(deployment).isEqualTo(image);
    }

    @Test
    void the_ingress_class_names_our_controller() throws IOException {
        IngressClass ingressClass = (IngressClass) load("ingressclass.yaml").get(0);

        assertThat(ingressClass.getMetadata().getName()).isEqualTo("gatehouse");
        assertThat(ingressClass.getSpec().getController()).isEqualTo("gatehouse.dev/ingress-controller");
    }

    private static Stream<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.list(DEPLOY)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    private static List<HasMetadata> load(String file) throws IOException {
        try (InputStream in = Files.newInputStream(DEPLOY.resolve(file))) {
            Object parsed = YAML.unmarshal(in);
            List<HasMetadata> objects = new ArrayList<>();
            if (parsed instanceof List<?> list) {
                list.forEach(item -> objects.add((HasMetadata) item));
            } else {
                objects.add((HasMetadata) parsed);
            }
            return objects;
        }
    }
}
