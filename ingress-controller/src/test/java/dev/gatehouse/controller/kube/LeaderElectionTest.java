package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static dev.gatehouse.controller.testing.MockCluster.service;
import static dev.gatehouse.controller.testing.MockCluster.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas: both serve, one leads and writes. Each replica would publish a different address, so the
 * status shows which one wrote it.
 */
class LeaderElectionTest {

    private final TestUpstream web = TestUpstream.start("web");
    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private Gatehouse first;
    private Gatehouse second;

    @AfterEach
    void stop() {
        if (first != null) {
            first.close();
        }
        if (second != null) {
            second.close();
        }
        cluster.close();
        web.close();
    }

    @Test
    void both_replicas_serve_only_the_leader_writes_and_the_other_takes_over_when_it_stops() {
        kube.resource(service("shop", "web")).create();
        kube.resource(slice("shop", "web", web.port())).create();
        kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
        kube.resource(ingress("shop", "cart", "cart.example.com", "/", "cart")).create();

        first = cluster.gatehouse("replica-1", List.of("203.0.113.1"));
        await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
        second = cluster.gatehouse("replica-2", List.of("203.0.113.2"));

        for (Gatehouse replica : List.of(first, second)) {
            Http http = new Http(replica.proxy().httpAddress().getPort());
            await().atMost(Duration.ofSeconds(10)).until(() -> Http.answeredBy(http.get("shop.example.com", "/")).equals("web"));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> published("web").equals(List.of("203.0.113.1")));
        kube.resource(ingress("shop", "blog", "blog.example.com", "/", "web")).create();
        await().atMost(Duration.ofSeconds(10)).until(() -> published("blog").equals(List.of("203.0.113.1")));
        assertThat(second.isLeader()).isFalse();
        assertThat(published("web")).containsExactly("203.0.113.1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !events("cart").isEmpty());
        assertThat(events("cart")).extracting(Event::getReportingInstance).containsOnly("replica-1");

        first.close();
        first = null;

        await().atMost(Duration.ofSeconds(10)).until(second::isLeader);
        await().atMost(Duration.ofSeconds(10)).until(() -> published("web").equals(List.of("203.0.113.2"))
                && published("blog").equals(List.of("203.0.113.2")));
    }

    private List<String> published(String name) {
        Ingress ingress = kube.network().v1().ingresses().inNamespace("shop").withName(name).get();
        if (ingress.getStatus() == null || ingress.getStatus().getLoadBalancer() == null
                || ingress.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return ingress.getStatus().getLoadBalancer().getIngress().stream().map(a -> a.getIp()).toList();
    }

    private List<Event> events(String ingress) {
        return kube.v1().events().inNamespace("shop").list().getItems().stream()
                .filter(e -> ingress.equals(e.getInvolvedObject().getName())).toList();
    }
}
