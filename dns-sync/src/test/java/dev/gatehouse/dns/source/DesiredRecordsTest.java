package dev.gatehouse.dns.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.RecordType;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredRecordsTest {

    private static final SourceSettings CLUSTER = SourceSettings.cluster(List.of("203.0.113.7"));

    @Test
    void anIngressPublishesItsRuleAndTlsHostsAtItsStatusAddresses() {
        Ingress web = ingress("web", Map.of(), List.of("www.example.org", "*.apps.example.org"), "192.0.2.1", null);
        web.getSpec().setTls(List.of(new io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder()
                .withHosts("secure.example.org").build()));

        DesiredRecords.Result result = DesiredRecords.from(List.of(web), List.of(), Map.of(), CLUSTER);

        assertThat(result.desired()).extracting(d -> d.record().toString(), Desired::resource).containsExactly(
                org.assertj.core.groups.Tuple.tuple("*.apps.example.org 300 A 192.0.2.1", "ingress/default/web"),
                org.assertj.core.groups.Tuple.tuple("secure.example.org 300 A 192.0.2.1", "ingress/default/web"),
                org.assertj.core.groups.Tuple.tuple("www.example.org 300 A 192.0.2.1", "ingress/default/web"));
    }

    @Test
    void aRuleWithoutAHostPublishesNothingAndBreaksNothing() {
        Ingress catchAll = ingress("all", Map.of(), List.of("www.example.org"), "192.0.2.1", null);
        catchAll.getSpec().getRules().add(new io.fabric8.kubernetes.api.model.networking.v1.IngressRuleBuilder().build());

        assertThat(DesiredRecords.from(List.of(catchAll), List.of(), Map.of(), CLUSTER).desired())
                .extracting(d -> d.record().name()).containsExactly("www.example.org");
    }

    @Test
    void aLoadBalancerHostnameBecomesACnameAndExternalDnsAnnotationsAreRead() {
        Ingress api = ingress("api", Map.of("external-dns.alpha.kubernetes.io/ttl", "1m",
                "external-dns.alpha.kubernetes.io/hostname", "extra.example.org"), List.of("api.example.org"), null,
                "abc-123.elb.us-east-1.amazonaws.com");

        DesiredRecords.Result result = DesiredRecords.from(List.of(api), List.of(), Map.of(), CLUSTER);

        assertThat(result.desired()).extracting(d -> d.record().toString()).containsExactly(
                "api.example.org 60 CNAME abc-123.elb.us-east-1.amazonaws.com",
                "extra.example.org 60 CNAME abc-123.elb.us-east-1.amazonaws.com");
    }

    @Test
    void anIngressWithoutStatusPublishesNothingInAClusterAndTheEdgeStandalone() {
        Ingress pending = ingress("pending", Map.of(), List.of("pending.example.org"), null, null);

        assertThat(DesiredRecords.from(List.of(pending), List.of(), Map.of(), CLUSTER).desired()).isEmpty();
        assertThat(DesiredRecords.from(List.of(pending), List.of(), Map.of(), SourceSettings.standalone(List.of("2001:db8::7")))
                .desired()).extracting(d -> d.record().type()).containsExactly(RecordType.AAAA);
    }

    @Test
    void aLoadBalancerServiceWithTheHostnameAnnotationPublishesItsAddress() {
        Service db = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("db")
                .withAnnotations(Map.of("gatehouse.dev/hostname", "db.example.org, db2.example.org",
                        "gatehouse.dev/ttl", "120"))
                .endMetadata().withNewSpec().withType("LoadBalancer").endSpec()
                .withNewStatus().withNewLoadBalancer().addNewIngress().withIp("198.51.100.4").endIngress()
                .endLoadBalancer().endStatus().build();

        assertThat(DesiredRecords.from(List.of(), List.of(db), Map.of(), CLUSTER).desired())
                .extracting(d -> d.record().toString(), Desired::resource).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("db.example.org 120 A 198.51.100.4", "service/default/db"),
                        org.assertj.core.groups.Tuple.tuple("db2.example.org 120 A 198.51.100.4", "service/default/db"));
    }

    @Test
    void theLabelVhostsTheRouterServesPointAtTheEdgeAndOthersAreNotPublished() {
        Service web = new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("web")
                .withLabels(Map.of("HAPROXY_GROUP", "external", "HAPROXY_0_VHOST", "shop.example.org"))
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build();
        Service internal = new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("admin")
                .withLabels(Map.of("HAPROXY_GROUP", "internal", "HAPROXY_0_VHOST", "admin.example.org"))
                .endMetadata().withNewSpec().addNewPort().withPort(80).endPort().endSpec().build();

        assertThat(DesiredRecords.from(List.of(), List.of(web, internal), Map.of("shop/web", List.of("shop.example.org")), CLUSTER)
                .desired()).extracting(d -> d.record().toString(), Desired::resource)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shop.example.org 300 A 203.0.113.7", "service/shop/web"));
    }

    @Test
    void badAnnotationsAndHostsAreReportedAndTheRestIsPublished() {
        Ingress bad = ingress("bad", Map.of("gatehouse.dev/ttl", "soon"), List.of("ok.example.org", "not_valid.example.org"),
                "192.0.2.1", null);

        DesiredRecords.Result result = DesiredRecords.from(List.of(bad), List.of(), Map.of(), CLUSTER);

        assertThat(result.desired()).extracting(d -> d.record().toString()).containsExactly("ok.example.org 300 A 192.0.2.1");
        assertThat(result.problems()).extracting(SourceProblem::message).containsExactly(
                "ingress default/bad: annotation ttl \"soon\" is not a TTL (expected seconds, or a duration such as 60s, "
                        + "5m or 1h); the default 300 is used",
                "ingress default/bad: host \"not_valid.example.org\" is not a valid DNS name (expected labels of letters, "
                        + "digits and hyphens, with an optional leading \"*.\")");
    }

    private static Ingress ingress(String name, Map<String, String> annotations, List<String> hosts, String ip,
                                   String hostname) {
        IngressBuilder builder = new IngressBuilder().withNewMetadata().withNamespace("default").withName(name)
                .withAnnotations(annotations).endMetadata().withNewSpec().endSpec();
        hosts.forEach(host -> builder.editSpec().addNewRule().withHost(host).endRule().endSpec());
        if (ip != null || hostname != null) {
            builder.withNewStatus().withNewLoadBalancer().addNewIngress().withIp(ip).withHostname(hostname)
                    .endIngress().endLoadBalancer().endStatus();
        }
        return builder.build();
    }
}
