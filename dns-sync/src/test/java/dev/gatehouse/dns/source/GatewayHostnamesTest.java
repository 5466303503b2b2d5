package dev.gatehouse.dns.source;

import static dev.gatehouse.dns.source.GatewayFixtures.gateway;
import static dev.gatehouse.dns.source.GatewayFixtures.httpRoute;
import static dev.gatehouse.dns.source.GatewayFixtures.listener;
import static dev.gatehouse.dns.source.GatewayFixtures.parent;
import static dev.gatehouse.dns.source.GatewayFixtures.sources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.gatehouse.dns.Desired;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ListenerBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRouteBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hostnames of Gateway API routes, published as external-dns's gateway sources publish them. */
class GatewayHostnamesTest {

    private static final SourceSettings CLUSTER = SourceSettings.cluster(List.of("203.0.113.7"));

    @Test
    void anAcceptedHttpRoutePublishesItsHostnamesNarrowedByTheListenerAtTheGatewaysStatusAddresses() {
        Gateway edge = gateway("infra", "edge", Map.of(), List.of(listener("apps", "HTTP", 80, "*.apps.example.org")),
                "192.0.2.1", "2001:db8::1");
        HTTPRoute web = httpRoute("shop", "web", Map.of(), List.of("www.apps.example.org", "*.example.org", "other.example.net"),
                "infra/edge");

        assertThat(records(sources(List.of(edge), List.of(web)), CLUSTER)).containsExactly(
                tuple("*.apps.example.org 300 A 192.0.2.1", "httproute/shop/web"),
                tuple("*.apps.example.org 300 AAAA 2001:db8:0:0:0:0:0:1", "httproute/shop/web"),
                tuple("www.apps.example.org 300 A 192.0.2.1", "httproute/shop/web"),
                tuple("www.apps.example.org 300 AAAA 2001:db8:0:0:0:0:0:1", "httproute/shop/web"));
    }

    @Test
    void aRouteWithoutHostnamesTakesTheListenersAndNothingIsPublishedWhenNeitherNamesOne() {
        Gateway edge = gateway("infra", "edge", Map.of(), List.of(listener("named", "HTTP", 80, "shop.example.org"),
                listener("any", "HTTP", 8080, null)), "192.0.2.1");
        HTTPRoute everything = httpRoute("shop", "everything", Map.of(), List.of(), "infra/edge");

        assertThat(records(sources(List.of(edge), List.of(everything)), CLUSTER))
                .containsExactly(tuple("shop.example.org 300 A 192.0.2.1", "httproute/shop/everything"));
    }

    @Test
    void aParentThatDidNotAcceptTheRouteOrIsNotOneOfOurGatewaysPublishesNothing() {
        Gateway edge = gateway("infra", "edge", Map.of(), List.of(listener("http", "HTTP", 80, null)), "192.0.2.1");
        HTTPRoute refused = new HTTPRouteBuilder(httpRoute("shop", "refused", Map.of(), List.of("refused.example.org")))
                .editStatus().addToParents(parent("infra/edge", null, "False")).endStatus().build();
        HTTPRoute elsewhere = httpRoute("shop", "elsewhere", Map.of(), List.of("elsewhere.example.org"), "infra/theirs");

        assertThat(records(sources(List.of(edge), List.of(refused, elsewhere)), CLUSTER)).isEmpty();
    }

    @Test
    void theSectionNameChoosesTheListenerAndAListenerOfAnotherProtocolTakesNoHttpRoute() {
        Gateway edge = gateway("infra", "edge", Map.of(), List.of(listener("shop", "HTTPS", 443, "shop.example.org"),
                listener("blog", "HTTP", 80, "blog.example.org"), listener("raw", "TCP", 5432, "db.example.org")), "192.0.2.1");
        HTTPRoute shop = new HTTPRouteBuilder(httpRoute("shop", "shop", Map.of(), List.of()))
                .editStatus().addToParents(parent("infra/edge", "shop", "True")).endStatus().build();

        assertThat(records(sources(List.of(edge), List.of(shop)), CLUSTER))
                .containsExactly(tuple("shop.example.org 300 A 192.0.2.1", "httproute/shop/shop"));
    }

    @Test
    void aTcpRouteIsPublishedByItsHostnameAnnotationOnATcpListener() {
        Gateway edge = gateway("infra", "edge", Map.of(), List.of(listener("raw", "TCP", 5432, null),
                listener("http", "HTTP", 80, null)), "192.0.2.1");
        TCPRoute db = new TCPRouteBuilder().withNewMetadata().withNamespace("data").withName("db")
                .withAnnotations(Map.of("external-dns.alpha.kubernetes.io/hostname", "db.example.org")).endMetadata()
                .withNewSpec().endSpec().withNewStatus().addToParents(parent("infra/edge", null, "True")).endStatus().build();

        assertThat(records(sources(List.of(edge), List.of(db)), CLUSTER))
                .containsExactly(tuple("db.example.org 300 A 192.0.2.1", "tcproute/data/db"));
    }

    @Test
    void theGatewaysTargetAndTtlAnnotationsApplyToItsRoutesAndTheRoutesOwnComeFirst() {
        Gateway edge = gateway("infra", "edge", Map.of("external-dns.alpha.kubernetes.io/target", "lb.example.net",
                "gatehouse.dev/ttl", "1m"), List.of(listener("http", "HTTP", 80, null)), "192.0.2.1");
        HTTPRoute plain = httpRoute("shop", "plain", Map.of(), List.of("plain.example.org"), "infra/edge");
        HTTPRoute own = httpRoute("shop", "own", Map.of("gatehouse.dev/target", "198.51.100.9",
                "external-dns.alpha.kubernetes.io/ttl", "30"), List.of("own.example.org"), "infra/edge");

        assertThat(records(sources(List.of(edge), List.of(plain, own)), CLUSTER)).containsExactly(
                tuple("own.example.org 30 A 198.51.100.9", "httproute/shop/own"),
                tuple("plain.example.org 60 CNAME lb.example.net", "httproute/shop/plain"));
    }

    @Test
    void aGatewayWithoutStatusAddressesPublishesNothingInAClusterAndTheEdgeStandalone() {
        Gateway pending = gateway("infra", "edge", Map.of(), List.of(listener("http", "HTTP", 80, null)));
        HTTPRoute web = httpRoute("shop", "web", Map.of(), List.of("web.example.org"), "infra/edge");

        assertThat(records(sources(List.of(pending), List.of(web)), CLUSTER)).isEmpty();
        assertThat(records(sources(List.of(pending), List.of(web)), SourceSettings.standalone(List.of("198.51.100.1"))))
                .containsExactly(tuple("web.example.org 300 A 198.51.100.1", "httproute/shop/web"));
    }

    @Test
    void aHostnameReachedThroughTwoGatewaysPointsAtTheTargetsOfBoth() {
        Gateway east = gateway("infra", "east", Map.of(), List.of(listener("http", "HTTP", 80, null)), "192.0.2.1");
        Gateway west = gateway("infra", "west", Map.of(), List.of(listener("http", "HTTP", 80, null)), "192.0.2.2");
        HTTPRoute web = httpRoute("shop", "web", Map.of(), List.of("web.example.org"), "infra/east", "infra/west");

        assertThat(records(sources(List.of(east, west), List.of(web)), CLUSTER))
                .containsExactly(tuple("web.example.org 300 A 192.0.2.1,192.0.2.2", "httproute/shop/web"));
    }

    @Test
    void aListenerTakingRoutesFromLabelledNamespacesPublishesOnlyThose() {
        Gateway edge = gateway("infra", "edge", Map.of(), List.of(new ListenerBuilder().withName("http").withProtocol("HTTP")
                .withPort(80).withNewAllowedRoutes().withNewNamespaces().withFrom("Selector").withNewSelector()
                .addToMatchLabels("dns", "public").endSelector().endNamespaces().endAllowedRoutes().build()), "192.0.2.1");
        HTTPRoute shop = httpRoute("shop", "web", Map.of(), List.of("shop.example.org"), "infra/edge");
        HTTPRoute internal = httpRoute("internal", "web", Map.of(), List.of("internal.example.org"), "infra/edge");
        GatewaySources sources = new GatewaySources(List.of(edge), List.of(GatewayRoute.of(shop), GatewayRoute.of(internal)),
                List.of(new NamespaceBuilder().withNewMetadata().withName("shop").addToLabels("dns", "public").endMetadata().build(),
                        new NamespaceBuilder().withNewMetadata().withName("internal").endMetadata().build()));

        assertThat(records(sources, CLUSTER)).containsExactly(tuple("shop.example.org 300 A 192.0.2.1", "httproute/shop/web"));
    }

    private static List<org.assertj.core.groups.Tuple> records(GatewaySources sources, SourceSettings settings) {
        return DesiredRecords.from(List.of(), List.of(), Map.of(), sources, settings).desired().stream()
                .map(d -> tuple(d.record().toString(), d.resource())).toList();
    }
}
