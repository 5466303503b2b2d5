package dev.gatehouse.controller.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.gatehouse.logging.testing.LogCapture;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Failures of a real fabric8 client, named. */
class KubeCausesTest {

    @Test
    void anApiServerThatRefusesTheCallIsNamedByStatusReasonAndMessage() {
        KubernetesMockServer server = new KubernetesMockServer(false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        try {
            server.expect().get().withPath("/apis/networking.k8s.io/v1/namespaces/default/ingresses")
                    .andReturn(403, new StatusBuilder().withKind("Status").withApiVersion("v1").withStatus("Failure")
                            .withCode(403).withReason("Forbidden").withMessage("ingresses.networking.k8s.io is forbidden: "
                                    + "User \"system:serviceaccount:default:gatehouse\" cannot list resource \"ingresses\"")
                            .build())
                    .once();
            try (KubernetesClient client = client("http://127.0.0.1:" + server.getPort())) {
                Throwable failure = catchThrowable(() -> client.network().v1().ingresses().inNamespace("default").list());

                assertThat(KubeCauses.describe(failure)).isEqualTo("HTTP 403 Forbidden: ingresses.networking.k8s.io is forbidden: "
                        + "User \"system:serviceaccount:default:gatehouse\" cannot list resource \"ingresses\"");
            }
        } finally {
            server.destroy();
        }
    }

    @Test
    void anApiServerThatIsNotListeningIsNamedAsARefusedConnection() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (KubernetesClient client = client("http://127.0.0.1:" + closed)) {
            Throwable failure = catchThrowable(() -> client.network().v1().ingresses().inNamespace("default").list());

            assertThat(failure).isNotNull();
            assertThat(KubeCauses.describe(failure)).startsWith("connection refused");
        }
    }

    @Test
    void aFailedWatchIsLoggedWithTheKindTheApiServerAndTheCauseInWords() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        try (LogCapture logs = LogCapture.start();
             KubernetesClient client = client("http://127.0.0.1:" + closed);
             KubernetesSource source = KubernetesSource.create(client, Set.of("default"), () -> { })) {
            source.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> logs.atLeast(Level.WARN).stream()
                    .anyMatch(line -> line.getFormattedMessage().startsWith("watching Ingress")));
            assertThat(logs.atLeast(Level.WARN)).map(ILoggingEvent::getFormattedMessage)
                    .filteredOn(line -> line.startsWith("watching Ingress"))
                    .first().asString()
                    .contains("connection refused", "(API server http://127.0.0.1:" + closed + "/)")
                    .doesNotContain("Operation: [");
        }
    }

    @Test
    void theApiServerIsNamedWithoutTheUserInformationAUrlMayCarry() {
        try (KubernetesClient client = client("https://admin:secret@api.cluster.example:6443")) {
            Throwable failure = new KubernetesClientException("Operation: [list] for kind: [Ingress] failed.",
                    new java.net.ConnectException("Connection refused"));

            assertThat(KubeCauses.describe(failure, KubeCauses.apiServer(client)))
                    .isEqualTo("connection refused (API server https://api.cluster.example:6443/)");
        }
    }

    private static KubernetesClient client(String url) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default")
                .withConnectionTimeout(2_000).withRequestTimeout(5_000).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
