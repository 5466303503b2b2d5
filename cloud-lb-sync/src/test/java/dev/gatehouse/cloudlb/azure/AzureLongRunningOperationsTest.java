package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloud.fake.azure.ArmOperations;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.gatehouse.cloudlb.azure.FakeArm.loadBalancerPath;
import static dev.gatehouse.cloudlb.azure.FakeArm.publicIpPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.reconciler.LbSettings;
import dev.gatehouse.cloudlb.reconciler.LoadBalancerReconciler;
import dev.gatehouse.cloudlb.testing.MockKube;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writes as Azure Resource Manager runs them: accepted (201, 200 or 202) with an {@code Azure-AsyncOperation}
 * to poll, done only when the operation says so, and sometimes ending Failed.
 */
class AzureLongRunningOperationsTest {

    @RegisterExtension
    static final FakeArm ARM = new FakeArm();

    private final TestService web = TestService.named("web", "3f2a9c1e-8b4d-4e0f-9a6b-1c2d3e4f5a6b")
            .port("TCP", 80, 30080);

    @Test
    void aPutAnswered201WithAnAsyncOperationIsPolledThroughInProgressUntilSucceeded() {
        ARM.model().operations().pollsBeforeDone(2);
        LoadBalancerProvider provider = ARM.azure().provider();

        LoadBalancerStatus status = provider.ensure(web.request());

        String publicIp = publicIpPath(web.prefix());
        ServeEvent firstPut = served().stream().filter(e -> e.getRequest().getMethod().getName().equals("PUT"))
                .findFirst().orElseThrow();
        assertThat(URI.create(firstPut.getRequest().getUrl()).getPath()).isEqualTo(publicIp);
        assertThat(firstPut.getResponse().getStatus()).isEqualTo(201);
        String operation = URI.create(firstPut.getResponse().getHeaders().getHeader("Azure-AsyncOperation")
                .firstValue()).getPath();
        assertThat(ARM.model().operations().polled().stream().filter(operation::equals)).hasSize(3);
        assertThat(pollAnswers(operation)).containsExactly("InProgress", "InProgress", "Succeeded");
        assertThat(ARM.model().get(publicIp).path("properties").path("provisioningState").asText())
                .isEqualTo("Succeeded");
        assertThat(status.ips()).containsExactly(ARM.model().get(publicIp).path("properties").path("ipAddress").asText());
        assertThat(ARM.model().get(loadBalancerPath(FakeArm.CLUSTER)).path("properties").path("provisioningState")
                .asText()).isEqualTo("Succeeded");
    }

    @Test
    void aDeleteAnswered202IsDoneOnlyWhenItsOperationSucceeded() {
        LoadBalancerProvider provider = ARM.azure().provider();
        provider.ensure(web.request());
        ARM.model().operations().pollsBeforeDone(1);

        provider.ensureDeleted(web.request());

        assertThat(ARM.model().get(publicIpPath(web.prefix()))).isNull();
        assertThat(ARM.model().get(loadBalancerPath(FakeArm.CLUSTER))).isNull();
        assertThat(served().stream().filter(e -> e.getRequest().getMethod().getName().equals("DELETE")))
                .extracting(e -> e.getResponse().getStatus()).containsOnly(202);
    }

    @Test
    void anOperationThatEndsFailedIsASyncLoadBalancerFailedEventWithArmsCodeAndMessage() {
        ARM.model().operations().pollsBeforeDone(1);
        ARM.model().operations().thenEnd(new ArmOperations.Outcome("Failed", "PublicIPCountLimitReached",
                "Cannot create more than 10 public IP addresses for this subscription in this region."));
        try (MockKube mock = new MockKube()) {
            KubernetesClient kube = mock.client();
            kube.resource(MockKube.node("node-1", null, "10.0.0.4")).create();
            AzureLoadBalancing azure = ARM.azure();
            try (LoadBalancerReconciler reconciler = new LoadBalancerReconciler(kube, azure.provider(), List.of(),
                    new LbSettings(FakeArm.CLUSTER, true, Duration.ofMinutes(5), Duration.ofMillis(20),
                            n -> Duration.ofMillis(50), false),
                    () -> true, Clock.systemUTC(), new PrometheusRegistry()).start()) {
                kube.resource(new ServiceBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
                        .withNewSpec().withType("LoadBalancer")
                        .addNewPort().withName("http").withProtocol("TCP").withPort(80).withNodePort(30080).endPort()
                        .endSpec().build()).create();

                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.events("web",
                        "SyncLoadBalancerFailed")).singleElement().extracting(Event::getMessage).asString()
                        .contains("PublicIPCountLimitReached: Cannot create more than 10 public IP addresses for this"
                                + " subscription in this region."));
                // ARM left the public IP Failed; the next attempt writes it again, and the Service gets its address
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(mock.statusAddresses("web"))
                        .hasSize(1));
                String uid = mock.service("web").getMetadata().getUid();
                assertThat(ARM.model().get(publicIpPath("a" + uid.replace("-", ""))).path("properties")
                        .path("provisioningState").asText()).isEqualTo("Succeeded");
            }
        }
    }

    private static List<ServeEvent> served() {
        return ARM.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
    }

    private static List<String> pollAnswers(String operation) {
        return served().stream().filter(e -> URI.create(e.getRequest().getUrl()).getPath().equals(operation))
                .map(e -> e.getResponse().getBodyAsString())
                .map(body -> body.replaceAll(".*\"status\":\"([A-Za-z]+)\".*", "$1")).toList();
    }
}
