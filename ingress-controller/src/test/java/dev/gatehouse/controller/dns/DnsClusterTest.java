package dev.gatehouse.controller.dns;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.runtime.Gatehouse;
import dev.gatehouse.controller.testing.Admin;
import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.dns.DnsSyncSettings;
import dev.gatehouse.dns.rfc2136.Rfc2136Provider;
import dev.gatehouse.dns.rfc2136.Rfc2136Settings;
import dev.gatehouse.cloudsdk.testing.Faults;
import dev.gatehouse.dns.testing.BindServer;
import dev.gatehouse.dns.testing.LossyTcpProxy;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClassBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The DNS sync inside the controller, end to end: objects in fabric8's mock API server (CRUD mode), the
 * leader's loop, and records in a real BIND 9.
 */
class DnsClusterTest {

    private static final String ZONE = "shop.test";

    @TempDir
    Path directory;

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private BindServer bind;
    private Gatehouse gatehouse;

    @BeforeEach
    void startBind() throws Exception {
        bind = BindServer.start(directory, BindServer.Zone.of(ZONE, "hand 300 IN A 192.0.2.99"));
    }

    @AfterEach
    void stop() {
        if (gatehouse != null) {
            gatehouse.close();
        }
        cluster.close();
        bind.close();
    }

    @Test
    void an_ingress_gets_a_status_address_then_its_record_and_loses_the_record_when_deleted() throws Exception {
        gatehouse = start();
        kube.resource(ingress("shop", "web", "www.shop.test", "/", "web")).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(bind.values("www.shop.test", Type.A)).containsExactly("203.0.113.10"));
        assertThat(kube.network().v1().ingresses().inNamespace("shop").withName("web").get().getStatus()
                .getLoadBalancer().getIngress()).extracting(i -> i.getIp()).containsExactly("203.0.113.10");
        assertThat(bind.values("a-www.shop.test", Type.TXT)).containsExactly(
                "\"heritage=external-dns,external-dns/owner=cluster-test,external-dns/resource=ingress/shop/web\"");

        kube.network().v1().ingresses().inNamespace("shop").withName("web").delete();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(bind.values("www.shop.test", Type.A)).isEmpty();
            assertThat(bind.values("a-www.shop.test", Type.TXT)).isEmpty();
        });
        assertThat(bind.values("hand.shop.test", Type.A)).containsExactly("192.0.2.99");
    }

    @Test
    void an_http_route_our_gateway_accepted_gets_its_record_at_the_gateways_status_address_and_loses_it_when_deleted()
            throws Exception {
        servesGatewayApi();
        gatehouse = start();
        kube.resource(new GatewayClassBuilder().withNewMetadata().withName("gatehouse").endMetadata()
                .withNewSpec().withControllerName("gatehouse.dev/gateway-controller").endSpec().build()).create();
        kube.resource(new GatewayBuilder().withNewMetadata().withName("edge").withNamespace("infra").endMetadata()
                .withNewSpec().withGatewayClassName("gatehouse").addNewListener().withName("http").withProtocol("HTTP")
                .withPort(80).withHostname("*.shop.test").withNewAllowedRoutes().withNewNamespaces().withFrom("All")
                .endNamespaces().endAllowedRoutes().endListener().endSpec().build()).create();
        kube.resource(new HTTPRouteBuilder().withNewMetadata().withName("web").withNamespace("shop")
                .addToAnnotations("external-dns.alpha.kubernetes.io/ttl", "120").endMetadata()
                .withNewSpec().addNewParentRef().withName("edge").withNamespace("infra").endParentRef()
                .withHostnames("www.shop.test", "www.elsewhere.test")
                .addNewRule().addNewBackendRef().withName("web").withPort(80).endBackendRef().endRule().endSpec().build()).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(bind.query("www.shop.test", Type.A)).singleElement().satisfies(record -> {
                    assertThat(record.rdataToString()).isEqualTo("203.0.113.10");
                    assertThat(record.getTTL()).isEqualTo(120);
                }));
        assertThat(kube.resources(Gateway.class).inNamespace("infra").withName("edge").get().getStatus().getAddresses())
                .extracting(a -> a.getValue()).containsExactly("203.0.113.10");
        assertThat(bind.values("a-www.shop.test", Type.TXT)).containsExactly(
                "\"heritage=external-dns,external-dns/owner=cluster-test,external-dns/resource=httproute/shop/web\"");

        kube.resources(HTTPRoute.class).inNamespace("shop").withName("web").delete();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(bind.values("www.shop.test", Type.A)).isEmpty();
            assertThat(bind.values("a-www.shop.test", Type.TXT)).isEmpty();
        });
        assertThat(bind.values("hand.shop.test", Type.A)).containsExactly("192.0.2.99");
    }

    @Test
    void a_load_balancer_service_with_the_hostname_annotation_gets_a_record_at_its_address() {
        gatehouse = start();
        kube.resource(new ServiceBuilder(MockCluster.service("shop", "db"))
                .editMetadata().withAnnotations(Map.of("gatehouse.dev/hostname", "db.shop.test",
                        "gatehouse.dev/ttl", "60")).endMetadata()
                .editSpec().withType("LoadBalancer").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("198.51.100.4").endIngress()
                .endLoadBalancer().endStatus().build()).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(bind.query("db.shop.test", Type.A)).singleElement().satisfies(record -> {
                    assertThat(record.rdataToString()).isEqualTo("198.51.100.4");
                    assertThat(record.getTTL()).isEqualTo(60);
                }));
    }

    @Test
    void loops_with_nothing_changed_write_nothing() throws Exception {
        gatehouse = start();
        kube.resource(ingress("shop", "web", "www.shop.test", "/", "web")).create();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(bind.values("www.shop.test", Type.A)).containsExactly("203.0.113.10"));
        long serial = bind.serial(ZONE);
        double loopsBefore = metric("gatehouse_dns_loops_total");

        await().atMost(Duration.ofSeconds(10)).until(() -> metric("gatehouse_dns_loops_total") >= loopsBefore + 5);

        assertThat(bind.serial(ZONE)).isEqualTo(serial);
        assertThat(metric("gatehouse_dns_changes_total")).isEqualTo(1.0);
    }

    @Test
    void a_host_held_by_a_record_of_nobody_is_left_alone_and_reported_as_an_event() throws Exception {
        gatehouse = start();
        kube.resource(ingress("shop", "hand", "hand.shop.test", "/", "web")).create();

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(events("hand", "DnsRecordSkipped"))
                .singleElement().satisfies(event -> assertThat(event.getMessage()).isEqualTo(
                        "ingress shop/hand: record hand.shop.test A in zone shop.test is left alone: the record exists "
                                + "and has no ownership record")));
        assertThat(bind.values("hand.shop.test", Type.A)).containsExactly("192.0.2.99");
    }

    @Test
    void only_the_leader_writes_and_the_next_leader_carries_on() throws Exception {
        gatehouse = start("replica-1");
        await().atMost(Duration.ofSeconds(10)).until(gatehouse::isLeader);
        Gatehouse follower = start("replica-2");
        try {
            kube.resource(ingress("shop", "web", "www.shop.test", "/", "web")).create();
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(bind.values("www.shop.test", Type.A)).containsExactly("203.0.113.10"));
            assertThat(follower.isLeader()).isFalse();
            assertThat(metricOf(follower, "gatehouse_dns_loops_total")).isZero();

            gatehouse.close();
            gatehouse = null;
            await().atMost(Duration.ofSeconds(15)).until(follower::isLeader);
            kube.network().v1().ingresses().inNamespace("shop").withName("web").delete();

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(bind.values("www.shop.test", Type.A)).isEmpty());
            assertThat(metricOf(follower, "gatehouse_dns_loops_total")).isPositive();
        } finally {
            follower.close();
        }
    }

    @Test
    void a_failure_is_one_warning_event_and_its_recovery_one_normal_event() throws Exception {
        Faults faults = Faults.seeded(7).failing(1.0);
        try (LossyTcpProxy proxy = LossyTcpProxy.start(bind.port(), faults)) {
            gatehouse = start("replica-1", proxy.port());
            kube.resource(ingress("shop", "web", "www.shop.test", "/", "web")).create();
            await().atMost(Duration.ofSeconds(15)).until(() -> !events("web", "DnsSyncFailed").isEmpty());
            await().atMost(Duration.ofSeconds(15)).until(() -> metric("gatehouse_dns_failures_total") >= 5);

            faults.failing(0);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(events("web", "DnsSyncRecovered"))
                    .singleElement().satisfies(event -> {
                        assertThat(event.getType()).isEqualTo("Normal");
                        assertThat(event.getMessage()).isEqualTo("ingress shop/web: zone shop.test: records written"
                                + " again after the failure reported before");
                        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Ingress");
                    }));
            assertThat(bind.values("www.shop.test", Type.A)).containsExactly("203.0.113.10");
            assertThat(events("web", "DnsSyncFailed")).allSatisfy(event -> assertThat(event.getType()).isEqualTo("Warning"))
                    .hasSizeLessThan((int) metric("gatehouse_dns_failures_total"));
        }
    }

    /** The Gateway API CRDs, so the controller watches Gateway API objects (it asks once, at start). */
    private void servesGatewayApi() {
        for (String[] kind : new String[][] {{"GatewayClass", "gatewayclasses", "Cluster"}, {"Gateway", "gateways", "Namespaced"},
                {"HTTPRoute", "httproutes", "Namespaced"}, {"ReferenceGrant", "referencegrants", "Namespaced"}}) {
            kube.resource(new CustomResourceDefinitionBuilder().withNewMetadata().withName(kind[1] + ".gateway.networking.k8s.io")
                    .endMetadata().withNewSpec().withGroup("gateway.networking.k8s.io").withScope(kind[2])
                    .withNewNames().withPlural(kind[1]).withKind(kind[0]).endNames()
                    .addNewVersion().withName("v1").withServed(true).withStorage(true).endVersion().endSpec().build()).create();
        }
    }

    private Gatehouse start() {
        return start("replica-1");
    }

    private Gatehouse start(String identity) {
        return start(identity, bind.port());
    }

    private Gatehouse start(String identity, int port) {
        Rfc2136Settings rfc2136 = Rfc2136Settings.of("127.0.0.1", port, List.of(ZONE), BindServer.KEY_NAME,
                bind.secret());
        DnsSetup setup = DnsSetup.of(() -> Rfc2136Provider.create(rfc2136), DnsSyncSettings.defaults("cluster-test"))
                .withInterval(Duration.ofMillis(100)).withRetry(Duration.ofMillis(100), Duration.ofSeconds(1));
        return cluster.gatehouse(identity, List.of("203.0.113.10"), setup);
    }

    private double metric(String name) {
        return metricOf(gatehouse, name);
    }

    private static double metricOf(Gatehouse replica, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? (\\S+)$")
                .matcher(Admin.get(replica.proxy().adminAddress().getPort(), "/metrics").body());
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(2));
        }
        return sum;
    }

    private List<Event> events(String ingress, String reason) {
        return kube.v1().events().inNamespace("shop").list().getItems().stream()
                .filter(e -> ingress.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                .toList();
    }
}
