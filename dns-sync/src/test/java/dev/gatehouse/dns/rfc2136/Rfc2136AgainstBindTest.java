package dev.gatehouse.dns.rfc2136;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsEvents;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsReconciler;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.DnsSyncSettings;
import dev.gatehouse.dns.Plan;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.dns.source.DesiredRecords;
import dev.gatehouse.dns.source.GatewayFixtures;
import dev.gatehouse.dns.source.SourceSettings;
import dev.gatehouse.dns.testing.BindServer;
import dev.gatehouse.dns.testing.SteppingClock;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The whole sync against a real BIND 9: each test owns a zone of its own on one server, so the tests
 * neither share records nor wait for each other.
 */
class Rfc2136AgainstBindTest {

    private static final String HERITAGE = "\"heritage=external-dns,external-dns/owner=";

    @TempDir
    static Path directory;
    static BindServer bind;

    private final SteppingClock clock = new SteppingClock();
    private final List<String> events = new ArrayList<>();

    @BeforeAll
    static void startBind() throws Exception {
        bind = BindServer.start(directory,
                BindServer.Zone.of("create.test"),
                BindServer.Zone.of("update.test"),
                BindServer.Zone.of("delete.test"),
                BindServer.Zone.of("foreign.test",
                        "hand 300 IN A 192.0.2.50",
                        "theirs 300 IN A 192.0.2.60",
                        "a-theirs 300 IN TXT \"heritage=external-dns,external-dns/owner=other-cluster,"
                                + "external-dns/resource=ingress/default/theirs\""),
                BindServer.Zone.of("takeover.test",
                        "old 300 IN A 192.0.2.70",
                        "old 300 IN TXT \"heritage=external-dns,external-dns/owner=gatehouse-test,"
                                + "external-dns/resource=ingress/default/old\""),
                BindServer.Zone.of("shrink.test"),
                BindServer.Zone.of("race.test"),
                BindServer.Zone.of("gateway.test", "hand 300 IN A 192.0.2.99"),
                BindServer.Zone.closedToTransfer("closed.test"));
    }

    @AfterAll
    static void stopBind() {
        if (bind != null) {
            bind.close();
        }
    }

    @Test
    void createsAnAddressRecordAndItsOwnershipRecord() throws Exception {
        DnsReconciler sync = sync("create.test", DnsSyncSettings.defaults("gatehouse-test"));

        DnsReconciler.Result result = sync.reconcile(List.of(
                want("web.create.test", RecordType.A, 120, "ingress/default/web", "192.0.2.1", "192.0.2.2"),
                want("api.create.test", RecordType.CNAME, 300, "ingress/default/api", "lb.example.net")));

        assertThat(result.writes()).isEqualTo(4);
        assertThat(bind.values("web.create.test", Type.A)).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(bind.query("web.create.test", Type.A)).allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(120));
        assertThat(bind.values("api.create.test", Type.CNAME)).containsExactly("lb.example.net.");
        assertThat(bind.values("a-web.create.test", Type.TXT)).containsExactly(
                HERITAGE + "gatehouse-test,external-dns/resource=ingress/default/web\"");
        assertThat(bind.values("cname-api.create.test", Type.TXT)).hasSize(1);
    }

    @Test
    void aSecondLoopWithNothingChangedWritesNothing() throws Exception {
        DnsReconciler sync = sync("update.test", DnsSyncSettings.defaults("gatehouse-test"));
        List<Desired> desired = List.of(
                want("same.update.test", RecordType.A, 300, "ingress/default/same", "192.0.2.5"),
                want("same.update.test", RecordType.AAAA, 300, "ingress/default/same", "2001:db8::5"));
        sync.reconcile(desired);
        long serial = bind.serial("update.test");

        DnsReconciler.Result second = sync.reconcile(desired);

        assertThat(second.writes()).isZero();
        assertThat(second.isEmpty()).isTrue();
        assertThat(bind.serial("update.test")).isEqualTo(serial);
    }

    @Test
    void changesTheTargetAndTheTtlOfAnOwnedRecord() throws Exception {
        DnsReconciler sync = sync("update.test", DnsSyncSettings.defaults("gatehouse-test"));
        sync.reconcile(List.of(want("moving.update.test", RecordType.A, 300, "ingress/default/moving", "192.0.2.10")));

        sync.reconcile(List.of(want("moving.update.test", RecordType.A, 300, "ingress/default/moving", "192.0.2.11")));
        assertThat(bind.values("moving.update.test", Type.A)).containsExactly("192.0.2.11");

        DnsReconciler.Result ttl = sync.reconcile(
                List.of(want("moving.update.test", RecordType.A, 60, "ingress/default/moving", "192.0.2.11")));
        assertThat(ttl.plans().get(0).steps()).extracting(Plan.Step::action).containsExactly(Plan.Action.UPDATE);
        assertThat(bind.query("moving.update.test", Type.A)).singleElement()
                .satisfies(r -> assertThat(r.getTTL()).isEqualTo(60));
    }

    @Test
    void deletesARecordNoLongerWantedWithItsOwnershipRecord() throws Exception {
        DnsReconciler sync = sync("delete.test", DnsSyncSettings.defaults("gatehouse-test"));
        Desired keep = want("keep.delete.test", RecordType.A, 300, "ingress/default/keep", "192.0.2.20");
        Desired gone = want("gone.delete.test", RecordType.A, 300, "ingress/default/gone", "192.0.2.21");
        sync.reconcile(List.of(keep, gone));

        sync.reconcile(List.of(keep));

        assertThat(bind.values("gone.delete.test", Type.A)).isEmpty();
        assertThat(bind.values("a-gone.delete.test", Type.TXT)).isEmpty();
        assertThat(bind.values("keep.delete.test", Type.A)).containsExactly("192.0.2.20");
    }

    @Test
    void leavesRecordsOfNobodyAndOfAnotherOwnerAlone() throws Exception {
        DnsReconciler sync = sync("foreign.test", DnsSyncSettings.defaults("gatehouse-test"));

        DnsReconciler.Result result = sync.reconcile(List.of(
                want("hand.foreign.test", RecordType.A, 300, "ingress/default/hand", "192.0.2.99"),
                want("theirs.foreign.test", RecordType.A, 300, "ingress/default/theirs", "192.0.2.99")));

        assertThat(result.writes()).isZero();
        assertThat(result.plans().get(0).skipped()).extracting(Plan.Skip::reason).containsExactlyInAnyOrder(
                "the record exists and has no ownership record", "the record is owned by \"other-cluster\"");
        assertThat(events).contains("skipped hand.foreign.test A: the record exists and has no ownership record");
        assertThat(bind.values("hand.foreign.test", Type.A)).containsExactly("192.0.2.50");
        assertThat(bind.values("theirs.foreign.test", Type.A)).containsExactly("192.0.2.60");

        sync.reconcile(List.of());
        assertThat(bind.values("hand.foreign.test", Type.A)).containsExactly("192.0.2.50");
        assertThat(bind.values("theirs.foreign.test", Type.A)).containsExactly("192.0.2.60");
    }

    @Test
    void takesOverARecordThatExternalDnsCreatedForTheSameOwnerId() throws Exception {
        DnsReconciler sync = sync("takeover.test", DnsSyncSettings.defaults("gatehouse-test"));

        sync.reconcile(List.of(want("old.takeover.test", RecordType.A, 300, "ingress/default/old", "192.0.2.71")));

        assertThat(bind.values("old.takeover.test", Type.A)).containsExactly("192.0.2.71");
        assertThat(bind.values("a-old.takeover.test", Type.TXT)).containsExactly(
                HERITAGE + "gatehouse-test,external-dns/resource=ingress/default/old\"");

        sync.reconcile(List.of());
        assertThat(bind.values("old.takeover.test", Type.A)).isEmpty();
        assertThat(bind.values("old.takeover.test", Type.TXT)).isEmpty();
        assertThat(bind.values("a-old.takeover.test", Type.TXT)).isEmpty();
    }

    @Test
    void holdsBackAMassDeleteUntilTheSameDeletesHaveBeenPlannedForTheHoldTime() throws Exception {
        DnsSyncSettings settings = DnsSyncSettings.defaults("gatehouse-test")
                .withSafety(0.5, 1, Duration.ofMinutes(10));
        DnsReconciler sync = sync("shrink.test", settings);
        List<Desired> four = List.of(
                want("a.shrink.test", RecordType.A, 300, "ingress/default/a", "192.0.2.31"),
                want("b.shrink.test", RecordType.A, 300, "ingress/default/b", "192.0.2.32"),
                want("c.shrink.test", RecordType.A, 300, "ingress/default/c", "192.0.2.33"),
                want("d.shrink.test", RecordType.A, 300, "ingress/default/d", "192.0.2.34"));
        sync.reconcile(four);

        DnsReconciler.Result emptied = sync.reconcile(List.of(four.get(0)));

        assertThat(emptied.plans().get(0).heldDeletes()).startsWith("3 of 4 owned records would be deleted");
        assertThat(events).anyMatch(e -> e.startsWith("held shrink.test: 3 of 4"));
        assertThat(bind.values("d.shrink.test", Type.A)).containsExactly("192.0.2.34");

        DnsReconciler.Result recovered = sync.reconcile(four);
        assertThat(recovered.isEmpty()).isTrue();

        sync.reconcile(List.of(four.get(0)));
        clock.advance(Duration.ofMinutes(11));
        DnsReconciler.Result confirmed = sync.reconcile(List.of(four.get(0)));

        assertThat(confirmed.plans().get(0).heldDeletes()).isNull();
        assertThat(bind.values("d.shrink.test", Type.A)).isEmpty();
        assertThat(bind.values("a.shrink.test", Type.A)).containsExactly("192.0.2.31");
    }

    @Test
    void replansWhenAnotherWriterChangedTheZoneSinceItWasRead() throws Exception {
        Rfc2136Provider provider = provider("race.test");
        Zone zone = provider.zones().get(0);
        DnsSyncSettings settings = DnsSyncSettings.defaults("gatehouse-test").withProviderCacheTime(Duration.ofHours(1));
        DnsReconciler sync = new DnsReconciler(provider, settings, recordEvents(), clock, new PrometheusRegistry());
        sync.reconcile(List.of(want("race.race.test", RecordType.A, 300, "ingress/default/race", "192.0.2.40")));
        sync.reconcile(List.of(want("race.race.test", RecordType.A, 300, "ingress/default/race", "192.0.2.40")));
        DnsRecord read = DnsRecord.of("race.race.test", RecordType.A, 300, "192.0.2.40");
        provider.apply(zone, new dev.gatehouse.dns.Changes(List.of(), List.of(new dev.gatehouse.dns.Changes.Update(
                read, DnsRecord.of("race.race.test", RecordType.A, 300, "192.0.2.41"))), List.of()));

        sync.reconcile(List.of(want("race.race.test", RecordType.A, 300, "ingress/default/race", "192.0.2.42")));

        assertThat(bind.values("race.race.test", Type.A)).containsExactly("192.0.2.42");
    }

    @Test
    void ownedRecordsOutsideTheDomainFilterAreNeitherPublishedNorDeleted() throws Exception {
        DnsReconciler everything = sync("delete.test", DnsSyncSettings.defaults("gatehouse-test"));
        everything.reconcile(List.of(
                want("in.filter.delete.test", RecordType.A, 300, "ingress/default/in", "192.0.2.80"),
                want("out.delete.test", RecordType.A, 300, "ingress/default/out", "192.0.2.81")));
        DnsReconciler filtered = sync("delete.test", DnsSyncSettings.defaults("gatehouse-test")
                .withFilters(List.of("filter.delete.test"), List.of()));

        filtered.reconcile(List.of(want("in.filter.delete.test", RecordType.A, 300, "ingress/default/in", "192.0.2.80")));

        assertThat(bind.values("out.delete.test", Type.A)).containsExactly("192.0.2.81");
        assertThat(bind.values("in.filter.delete.test", Type.A)).containsExactly("192.0.2.80");
    }

    @Test
    void aZoneThatRefusesTransfersFailsWithAnErrorThatSaysWhatToAllow() {
        DnsReconciler sync = sync("closed.test", DnsSyncSettings.defaults("gatehouse-test"));

        assertThatThrownBy(() -> sync.reconcile(
                List.of(want("x.closed.test", RecordType.A, 300, "ingress/default/x", "192.0.2.1"))))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("closed.test")
                .hasMessageContaining("refused the zone transfer")
                .hasMessageContaining("allow-transfer");
        assertThat(events).anyMatch(e -> e.startsWith("failed closed.test"));
    }

    @Test
    void anUpdateSignedWithTheWrongKeyIsReportedAsNotAuthorized() {
        Rfc2136Provider wrong = Rfc2136Provider.create(Rfc2136Settings.of("127.0.0.1", bind.port(),
                List.of("create.test"), BindServer.KEY_NAME, "d3JvbmcgYnV0IGJhc2U2NCBzZWNyZXQ="));
        Zone zone = wrong.zones().get(0);

        assertThatThrownBy(() -> wrong.apply(zone, new dev.gatehouse.dns.Changes(
                List.of(DnsRecord.of("nope.create.test", RecordType.A, 300, "192.0.2.1")), List.of(), List.of())))
                .isInstanceOf(DnsException.class)
                .hasMessageContaining("create.test");
    }

    @Test
    void theHostnamesOfAnAcceptedHttpRouteAreWrittenWithTheirOwnershipAndRemovedWhenTheGatewayNoLongerAcceptsIt()
            throws Exception {
        DnsReconciler sync = sync("gateway.test", DnsSyncSettings.defaults("gatehouse-test"));
        Gateway edge = GatewayFixtures.gateway("infra", "edge", Map.of(),
                List.of(GatewayFixtures.listener("http", "HTTP", 80, "*.gateway.test")), "192.0.2.30");
        HTTPRoute web = GatewayFixtures.httpRoute("shop", "web", Map.of("external-dns.alpha.kubernetes.io/ttl", "120"),
                List.of("www.gateway.test", "www.elsewhere.test"), "infra/edge");

        sync.reconcile(gatewayRecords(edge, web));

        assertThat(bind.query("www.gateway.test", Type.A)).singleElement().satisfies(record -> {
            assertThat(record.rdataToString()).isEqualTo("192.0.2.30");
            assertThat(record.getTTL()).isEqualTo(120);
        });
        assertThat(bind.values("a-www.gateway.test", Type.TXT)).containsExactly(
                HERITAGE + "gatehouse-test,external-dns/resource=httproute/shop/web\"");

        HTTPRoute refused = new HTTPRouteBuilder(web).editStatus()
                .withParents(GatewayFixtures.parent("infra/edge", null, "False")).endStatus().build();
        sync.reconcile(gatewayRecords(edge, refused));

        assertThat(bind.values("www.gateway.test", Type.A)).isEmpty();
        assertThat(bind.values("a-www.gateway.test", Type.TXT)).isEmpty();
        assertThat(bind.values("hand.gateway.test", Type.A)).containsExactly("192.0.2.99");
    }

    private static List<Desired> gatewayRecords(Gateway gateway, HTTPRoute route) {
        return DesiredRecords.from(List.of(), List.of(), Map.of(), GatewayFixtures.sources(List.of(gateway), List.of(route)),
                SourceSettings.cluster(List.of())).desired();
    }

    private DnsReconciler sync(String zone, DnsSyncSettings settings) {
        return new DnsReconciler(provider(zone), settings, recordEvents(), clock, new PrometheusRegistry());
    }

    private static Rfc2136Provider provider(String zone) {
        return Rfc2136Provider.create(Rfc2136Settings.of("127.0.0.1", bind.port(), List.of(zone),
                BindServer.KEY_NAME, bind.secret()));
    }

    private static Desired want(String name, RecordType type, long ttl, String resource, String... targets) {
        return new Desired(new DnsRecord(name, type, ttl, List.of(targets), false), resource);
    }

    private DnsEvents recordEvents() {
        return new DnsEvents() {
            @Override
            public void skipped(Zone zone, Plan.Skip skip) {
                events.add("skipped " + skip.key() + ": " + skip.reason());
            }

            @Override
            public void deletesHeld(Zone zone, String reason) {
                events.add("held " + zone.name() + ": " + reason);
            }

            @Override
            public void applied(Zone zone, Plan.Step step) {
                events.add("applied " + step.action() + " " + step.key());
            }

            @Override
            public void failed(Zone zone, String resource, String message) {
                events.add("failed " + zone.name() + " for " + resource + ": " + message);
            }

            @Override
            public void recovered(Zone zone, String resource) {
                events.add("recovered " + zone.name() + " for " + resource);
            }

            @Override
            public void noZone(Desired desired) {
                events.add("no zone for " + desired.record().name());
            }
        };
    }
}
