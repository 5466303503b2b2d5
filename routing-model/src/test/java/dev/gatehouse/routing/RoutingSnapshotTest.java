package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingSnapshotTest {

    private static final ClusterName WEB = new ClusterName("default", "web", "80");

    @Test
    void routes_of_a_host_are_kept_in_precedence_order_whatever_order_they_were_given_in() {
        Route prefixRoot = route("root", PathMatch.prefix("/"));
        Route prefixApi = route("api", PathMatch.prefix("/api"));
        Route exactApi = route("api-exact", PathMatch.exact("/api"));
        Route exactRoot = route("root-exact", PathMatch.exact("/"));

        VirtualHost host = new VirtualHost(HostPattern.of("web.example"), List.of(prefixRoot, prefixApi, exactRoot, exactApi));

        assertThat(host.routes()).containsExactly(exactApi, prefixApi, exactRoot, prefixRoot);
    }

    @Test
    void hosts_are_listed_exact_then_wildcard_then_any() {
        RoutingSnapshot snapshot = RoutingSnapshot.of(0, List.of(
                        host(HostPattern.any()), host(HostPattern.of("*.b.example")), host(HostPattern.of("a.example"))),
                List.of(new Cluster(WEB, List.of())), null);

        assertThat(snapshot.virtualHosts()).extracting(h -> h.host().toString())
                .containsExactly("a.example", "*.b.example", "*");
    }

    @Test
    void a_route_to_a_cluster_that_is_not_in_the_snapshot_is_refused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RoutingSnapshot.of(0, List.of(host(HostPattern.of("a.example"))), List.of(), null))
                .withMessage("route r on a.example forwards to cluster default/web:80, which is not in the snapshot");
    }

    @Test
    void a_host_handed_over_from_a_previous_snapshot_is_still_refused_once_its_cluster_is_gone() {
        VirtualHost kept = host(HostPattern.of("a.example"));
        RoutingSnapshot previous = RoutingSnapshot.of(0, List.of(kept), List.of(new Cluster(WEB, List.of())), null);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> RoutingSnapshot.of(0, List.of(kept), List.of(), null, previous))
                .withMessage("route r on a.example forwards to cluster default/web:80, which is not in the snapshot");
    }

    @Test
    void a_new_host_beside_those_of_a_previous_snapshot_is_checked() {
        VirtualHost kept = host(HostPattern.of("a.example"));
        Cluster web = new Cluster(WEB, List.of());
        RoutingSnapshot previous = RoutingSnapshot.of(0, List.of(kept), List.of(web), null);
        VirtualHost added = new VirtualHost(HostPattern.of("b.example"), List.of(new Route("s", PathMatch.prefix("/"),
                new RouteAction.Forward(new ClusterName("default", "shop", "80")))));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> RoutingSnapshot.of(0, List.of(kept, added), List.of(web), null, previous))
                .withMessage("route s on b.example forwards to cluster default/shop:80, which is not in the snapshot");
        assertThat(RoutingSnapshot.of(0, List.of(kept), List.of(web), null, previous)).isEqualTo(previous);
    }

    @Test
    void a_host_pattern_given_twice_is_refused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RoutingSnapshot.of(0, List.of(host(HostPattern.of("a.example")), host(HostPattern.of("A.example"))),
                        List.of(new Cluster(WEB, List.of())), null))
                .withMessage("virtual host a.example appears twice (expected one per host pattern)");
    }

    @Test
    void snapshots_with_the_same_content_route_the_same_whatever_their_version() {
        RoutingSnapshot first = RoutingSnapshot.of(0, List.of(host(HostPattern.of("a.example"))),
                List.of(new Cluster(WEB, List.of(Endpoint.of("10.0.0.1", 8080)))), null);
        RoutingSnapshot second = RoutingSnapshot.of(0, List.of(host(HostPattern.of("a.example"))),
                List.of(new Cluster(WEB, List.of(Endpoint.of("10.0.0.1", 8080)))), null).withVersion(7);
        RoutingSnapshot changed = RoutingSnapshot.of(0, List.of(host(HostPattern.of("a.example"))),
                List.of(new Cluster(WEB, List.of(Endpoint.of("10.0.0.2", 8080)))), null);

        assertThat(second.sameRoutingAs(first)).isTrue();
        assertThat(second.version()).isEqualTo(7);
        assertThat(second).isNotEqualTo(first);
        assertThat(changed.sameRoutingAs(first)).isFalse();
    }

    @Test
    void udpListenersAreSortedByPortSurviveLaterChangesAndMakeASnapshotThatDoesNotRouteTheSame() {
        RoutingSnapshot plain = RoutingSnapshot.of(0, List.of(), List.of(new Cluster(WEB, List.of())), null);
        RoutingSnapshot withUdp = plain.withUdpListeners(List.of(new UdpListener("dns", 8053, WEB), new UdpListener("syslog", 5514, WEB)));

        assertThat(withUdp.udpListeners()).extracting(UdpListener::port).containsExactly(5514, 8053);
        assertThat(withUdp.sameRoutingAs(plain)).isFalse();
        assertThat(withUdp.withVersion(4).withTls(List.of()).withTcpListeners(List.of()).withTuning(ProxyTuning.DEFAULTS).udpListeners())
                .isEqualTo(withUdp.udpListeners());
    }

    @Test
    void aUdpPortTwiceOrAUdpListenerToAnUnknownClusterIsRefused() {
        RoutingSnapshot plain = RoutingSnapshot.of(0, List.of(), List.of(new Cluster(WEB, List.of())), null);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> plain.withUdpListeners(List.of(new UdpListener("a", 8053, WEB), new UdpListener("b", 8053, WEB))))
                .withMessage("UDP port 8053 appears twice (expected one listener per port)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> plain.withUdpListeners(List.of(new UdpListener("a", 8053, new ClusterName("default", "gone", "53")))))
                .withMessage("UDP listener a forwards to cluster default/gone:53, which is not in the snapshot");
    }

    @Test
    void other_proxy_settings_make_a_snapshot_that_does_not_route_the_same_and_the_settings_survive_later_changes() {
        RoutingSnapshot plain = RoutingSnapshot.of(0, List.of(host(HostPattern.of("a.example"))), List.of(new Cluster(WEB, List.of())), null);
        RoutingSnapshot tuned = plain.withTuning(ProxyTuning.DEFAULTS.withProxyProtocol(true));

        assertThat(plain.tuning()).isEmpty();
        assertThat(tuned.sameRoutingAs(plain)).isFalse();
        assertThat(tuned.sameRoutingAs(plain.withTuning(ProxyTuning.DEFAULTS.withProxyProtocol(true)))).isTrue();
        assertThat(tuned.withVersion(3).withTls(List.of()).tuning()).contains(ProxyTuning.DEFAULTS.withProxyProtocol(true));
    }

    @Test
    void proxy_settings_out_of_range_are_refused_by_name() {
        assertThatIllegalArgumentException().isThrownBy(() -> ProxyTuning.DEFAULTS.withUpstreamKeepalive(-1, 100))
                .withMessageContaining("upstream keep-alive connections");
        assertThatIllegalArgumentException().isThrownBy(() -> ProxyTuning.DEFAULTS.withUpstreamKeepalive(10, 0))
                .withMessageContaining("upstream keep-alive requests");
    }

    @Test
    void endpoints_of_a_cluster_are_sorted_and_unique() {
        Cluster cluster = new Cluster(WEB, List.of(Endpoint.of("10.0.0.2", 80), Endpoint.of("10.0.0.1", 80), Endpoint.of("10.0.0.2", 80)));

        assertThat(cluster.endpoints()).containsExactly(Endpoint.of("10.0.0.1", 80), Endpoint.of("10.0.0.2", 80));
    }

    @Test
    void a_prefix_is_kept_without_its_trailing_slash_so_that_equal_rules_compare_equal() {
        assertThat(PathMatch.prefix("/aaa/bbb/")).isEqualTo(PathMatch.prefix("/aaa/bbb"));
        assertThat(PathMatch.prefix("///")).isEqualTo(PathMatch.prefix("/"));
        assertThat(PathMatch.exact("/foo/")).isNotEqualTo(PathMatch.exact("/foo"));
    }

    @Test
    void a_wildcard_host_must_have_a_domain_after_the_star() {
        assertThatIllegalArgumentException().isThrownBy(() -> HostPattern.of("*."))
                .withMessage("wildcard host \"*.\" must be \"*.\" followed by a domain (expected e.g. *.example.com)");
    }

    private static VirtualHost host(HostPattern pattern) {
        return new VirtualHost(pattern, List.of(route("r", PathMatch.prefix("/"))));
    }

    private static Route route(String name, PathMatch path) {
        return new Route(name, path, new RouteAction.Forward(WEB));
    }
}
