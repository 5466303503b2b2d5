package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlsPassthroughTest {

    private static final ClusterName DB = new ClusterName("default", "db", "443");
    private static final ClusterName WILD = new ClusterName("default", "wild", "443");
    private static final ClusterName DEEP = new ClusterName("default", "deep", "443");

    private static RoutingSnapshot snapshot(List<TlsPassthrough> rules) {
        return RoutingSnapshot.of(0, List.of(), List.of(new Cluster(DB, List.of()), new Cluster(WILD, List.of()),
                new Cluster(DEEP, List.of())), null).withTlsPassthrough(rules);
    }

    @Test
    void anExactNameWinsOverAWildcardAndOnlyOnItsPort() {
        RoutingSnapshot snapshot = snapshot(List.of(new TlsPassthrough(HostPattern.of("db.example.com"), 8443, DB),
                new TlsPassthrough(HostPattern.of("*.example.com"), 8443, WILD)));

        assertThat(snapshot.passthroughFor(8443, "db.example.com").pick(0)).isEqualTo(DB);
        assertThat(snapshot.passthroughFor(9443, "db.example.com")).isNull();
        assertThat(snapshot.tlsPassthroughPorts()).containsExactly(8443);
    }

    @Test
    void aWildcardCoversEveryNameBelowItsDomainTheLongestSuffixFirstButNotTheDomainItself() {
        RoutingSnapshot snapshot = snapshot(List.of(new TlsPassthrough(HostPattern.of("*.example.com"), 8443, WILD),
                new TlsPassthrough(HostPattern.of("*.deep.example.com"), 8443, DEEP)));

        assertThat(snapshot.passthroughFor(8443, "a.example.com").pick(0)).isEqualTo(WILD);
        assertThat(snapshot.passthroughFor(8443, "a.b.example.com").pick(0)).isEqualTo(WILD);
        assertThat(snapshot.passthroughFor(8443, "a.deep.example.com").pick(0)).isEqualTo(DEEP);
        assertThat(snapshot.passthroughFor(8443, "example.com")).isNull();
        assertThat(snapshot.passthroughFor(8443, "example.org")).isNull();
    }

    @Test
    void aHostTwiceOnOnePortOrAnUnknownClusterIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> snapshot(List.of(
                        new TlsPassthrough(HostPattern.of("db.example.com"), 8443, DB),
                        new TlsPassthrough(HostPattern.of("db.example.com"), 8443, WILD))))
                .withMessageContaining("appears twice on port 8443");
        assertThatIllegalArgumentException().isThrownBy(() -> snapshot(List.of(
                        new TlsPassthrough(HostPattern.of("db.example.com"), 8443, new ClusterName("default", "gone", "443")))))
                .withMessageContaining("which is not in the snapshot");
    }

    @Test
    void eachBackendTakesAsManyUnitsOfTheTotalWeightAsItsOwnWeight() {
        TlsPassthrough split = new TlsPassthrough(HostPattern.of("db.example.com"), 8443,
                List.of(new TlsPassthrough.Backend(DB, 3), new TlsPassthrough.Backend(WILD, 1)));

        assertThat(split.totalWeight()).isEqualTo(4);
        assertThat(List.of(split.pick(0), split.pick(1), split.pick(2), split.pick(3))).containsExactly(DB, DB, DB, WILD);
        assertThatIllegalArgumentException().isThrownBy(() -> split.pick(4));
        assertThatIllegalArgumentException().isThrownBy(() -> new TlsPassthrough.Backend(DB, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> snapshot(List.of(new TlsPassthrough(HostPattern.of("db.example.com"), 8443,
                List.of(new TlsPassthrough.Backend(DB, 1), new TlsPassthrough.Backend(new ClusterName("default", "gone", "443"), 1))))));
    }

    @Test
    void theAnyHostPatternIsNoServerName() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TlsPassthrough(HostPattern.any(), 8443, DB));
    }

    @Test
    void snapshotsThatDifferOnlyInPassthroughRouteDifferently() {
        RoutingSnapshot none = snapshot(List.of());
        RoutingSnapshot one = snapshot(List.of(new TlsPassthrough(HostPattern.of("db.example.com"), 8443, DB)));

        assertThat(one.sameRoutingAs(none)).isFalse();
        assertThat(one.sameRoutingAs(snapshot(List.of(new TlsPassthrough(HostPattern.of("db.example.com"), 8443, DB))))).isTrue();
    }
}
