package dev.gatehouse.proxy.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.OutlierDetection;
import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new routing keeps what it can of the previous one: the runtime of an equal cluster, the route stats of a virtual host
 * that is the same object, or of a route of the same host and name; and it drops the stats series of routes that are gone.
 */
class LiveRoutingTest {

    private static final ClusterName SHOP = new ClusterName("default", "shop", "80");
    private static final ClusterName PAY = new ClusterName("default", "pay", "80");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ProxyMetrics metrics = new ProxyMetrics(registry);

    @Test
    void aVirtualHostThatIsTheSameObjectKeepsItsRoutesStatsAndAChangedHostKeepsThoseOfItsRoutesByName() {
        Route cart = route("cart", SHOP);
        Route pay = route("pay", PAY);
        VirtualHost shop = new VirtualHost(HostPattern.of("shop.example.com"), List.of(cart));
        LiveRouting before = build(List.of(shop, new VirtualHost(HostPattern.of("pay.example.com"), List.of(pay))), null);

        Route payAgain = route("pay", PAY);
        Route refund = route("refund", PAY);
        LiveRouting after = build(List.of(shop, new VirtualHost(HostPattern.of("pay.example.com"), List.of(payAgain, refund))),
                before);

        assertThat(after.stats(cart)).isSameAs(before.stats(cart));
        assertThat(after.stats(payAgain)).isSameAs(before.stats(pay));
        assertThat(after.stats(refund)).isNotNull().isNotSameAs(before.stats(pay));
        assertThat(after.route(pay)).isNull();
    }

    @Test
    void newDefaultsOfTheProxyReachTheRoutesOfAVirtualHostThatIsTheSameObject() {
        Route cart = route("cart", SHOP);
        List<VirtualHost> hosts = List.of(new VirtualHost(HostPattern.of("shop.example.com"), List.of(cart)));
        LiveRouting before = build(hosts, null);

        LiveRouting after = build(hosts, before, ProxySettings.builder().upstreamReadTimeout(Duration.ofSeconds(7)).build());

        assertThat(after.route(cart).policy().readTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(before.route(cart).policy().readTimeout()).isNotEqualTo(Duration.ofSeconds(7));
        assertThat(after.stats(cart)).isSameAs(before.stats(cart));
    }

    @Test
    void theStatsOfARouteThatIsGoneStopBeingExposed() {
        Route cart = route("cart", SHOP);
        Route pay = route("pay", PAY);
        VirtualHost shop = new VirtualHost(HostPattern.of("shop.example.com"), List.of(cart));
        LiveRouting before = build(List.of(shop, new VirtualHost(HostPattern.of("pay.example.com"), List.of(pay))), null);
        before.stats(cart).count(200);
        before.stats(pay).count(200);

        build(List.of(shop), before);

        assertThat(requestSeries()).containsExactly("shop.example.com cart");
    }

    @Test
    void anEqualClusterKeepsItsRuntimeAndAChangedOneGetsANewOneOverTheSameEndpoints() {
        Route cart = route("cart", SHOP);
        Route pay = route("pay", PAY);
        List<VirtualHost> hosts = List.of(new VirtualHost(HostPattern.of("shop.example.com"), List.of(cart, pay)));
        LiveRouting before = build(hosts, null);

        RoutingSnapshot next = RoutingSnapshot.of(0, hosts, List.of(new Cluster(SHOP, List.of(Endpoint.of("10.0.0.1", 8080))),
                new Cluster(PAY, List.of(Endpoint.of("10.0.0.1", 8080), Endpoint.of("10.0.0.3", 8080)))), null);
        LiveRouting after = LiveRouting.build(next, before, metrics, ProxySettings.builder().build());
        LiveRouting stricter = LiveRouting.build(next, after, metrics, ProxySettings.builder().outlier(
                new OutlierDetection(1, Duration.ofSeconds(1), Duration.ofSeconds(2), OutlierDetection.DEFAULT.maxEjectionPercent())).build());

        assertThat(after.cluster(SHOP)).isSameAs(before.cluster(SHOP));
        assertThat(after.cluster(PAY)).isNotSameAs(before.cluster(PAY));
        assertThat(after.cluster(PAY).members()[0].endpoint()).isSameAs(before.cluster(PAY).members()[0].endpoint());
        assertThat(stricter.cluster(SHOP)).isNotSameAs(after.cluster(SHOP));
    }

    private LiveRouting build(List<VirtualHost> hosts, LiveRouting previous) {
        return build(hosts, previous, ProxySettings.builder().build());
    }

    private LiveRouting build(List<VirtualHost> hosts, LiveRouting previous, ProxySettings settings) {
        RoutingSnapshot snapshot = RoutingSnapshot.of(0, hosts, List.of(new Cluster(SHOP, List.of(Endpoint.of("10.0.0.1", 8080))),
                new Cluster(PAY, List.of(Endpoint.of("10.0.0.1", 8080), Endpoint.of("10.0.0.2", 8080)))), null);
        return LiveRouting.build(snapshot, previous, metrics, settings);
    }

    private static Route route(String name, ClusterName cluster) {
        return new Route(name, PathMatch.prefix("/" + name), new RouteAction.Forward(cluster));
    }

    /** The virtual host and route of each request series exposed. */
    private List<String> requestSeries() {
        return registry.scrape().stream().filter(metric -> metric.getMetadata().getName().equals("gatehouse_http_requests"))
                .flatMap(metric -> ((CounterSnapshot) metric).getDataPoints().stream())
                .map(point -> point.getLabels().get("virtual_host") + " " + point.getLabels().get("route"))
                .toList();
    }
}
