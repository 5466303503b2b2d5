package dev.gatehouse.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTest {

    private static final Zone ZONE = new Zone("z1", "example.org");
    private static final OwnershipRegistry REGISTRY = new OwnershipRegistry("me", "", "");

    @Test
    void upsertOnlyUpdatesButNeverDeletes() {
        List<DnsRecord> current = List.of(ours("a.example.org", "192.0.2.1"), ours("b.example.org", "192.0.2.2"))
                .stream().flatMap(List::stream).toList();

        Plan plan = Plan.compute(ZONE, List.of(want("a.example.org", "192.0.2.9")), current, REGISTRY,
                Policy.UPSERT_ONLY);

        assertThat(plan.steps()).extracting(Plan.Step::action).containsExactly(Plan.Action.UPDATE);
    }

    @Test
    void createOnlyNeitherUpdatesNorDeletes() {
        List<DnsRecord> current = ours("a.example.org", "192.0.2.1");

        Plan plan = Plan.compute(ZONE, List.of(want("a.example.org", "192.0.2.9"), want("n.example.org", "192.0.2.3")),
                current, REGISTRY, Policy.CREATE_ONLY);

        assertThat(plan.steps()).extracting(Plan.Step::action, s -> s.key().name())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Plan.Action.CREATE, "n.example.org"));
    }

    @Test
    void aCnameIsNotCreatedBesideAnAddressRecordOfSomeoneElse() {
        List<DnsRecord> current = List.of(DnsRecord.of("www.example.org", RecordType.A, 300, "192.0.2.1"));

        Plan plan = Plan.compute(ZONE, List.of(new Desired(DnsRecord.of("www.example.org", RecordType.CNAME, 300,
                "lb.example.net"), "ingress/default/web")), current, REGISTRY, Policy.SYNC);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.skipped()).extracting(Plan.Skip::reason)
                .containsExactly("the name already holds a A record that is not ours");
    }

    @Test
    void anOwnedAddressRecordTurnsIntoACnameInOneBatch() {
        List<DnsRecord> current = ours("www.example.org", "192.0.2.1");

        Plan plan = Plan.compute(ZONE, List.of(new Desired(DnsRecord.of("www.example.org", RecordType.CNAME, 300,
                "lb.example.net"), "ingress/default/web")), current, REGISTRY, Policy.SYNC);

        Changes changes = plan.changes();
        assertThat(changes.deletes()).extracting(DnsRecord::key).containsExactlyInAnyOrder(
                new RecordKey("www.example.org", RecordType.A), new RecordKey("a-www.example.org", RecordType.TXT));
        assertThat(changes.creates()).extracting(DnsRecord::key).containsExactlyInAnyOrder(
                new RecordKey("www.example.org", RecordType.CNAME),
                new RecordKey("cname-www.example.org", RecordType.TXT));
    }

    @Test
    void twoSourcesOfOneNameShareItsAddresses() {
        Plan plan = Plan.compute(ZONE, List.of(
                new Desired(DnsRecord.of("www.example.org", RecordType.A, 300, "192.0.2.1"), "ingress/b/web"),
                new Desired(DnsRecord.of("www.example.org", RecordType.A, 60, "192.0.2.2"), "ingress/a/web")),
                List.of(), REGISTRY, Policy.SYNC);

        assertThat(plan.steps()).singleElement().satisfies(step -> {
            assertThat(step.after().targets()).containsExactly("192.0.2.1", "192.0.2.2");
            assertThat(step.after().ttl()).isEqualTo(60);
            assertThat(step.resource()).isEqualTo("ingress/a/web");
        });
    }

    @Test
    void registryNamesFollowExternalDnsWithPrefixSuffixAndTheApex() {
        RecordKey www = new RecordKey("www.example.org", RecordType.CNAME);

        assertThat(REGISTRY.txtName(ZONE, www)).isEqualTo("cname-www.example.org");
        assertThat(new OwnershipRegistry("me", "_owner.", "").txtName(ZONE, www)).isEqualTo("_owner.cname-www.example.org");
        assertThat(new OwnershipRegistry("me", "", "-reg").txtName(ZONE, www)).isEqualTo("cname-www-reg.example.org");
        assertThat(new OwnershipRegistry("me", "%{record_type}-x-", "").txtName(ZONE, www))
                .isEqualTo("cname-x-www.example.org");
        assertThat(REGISTRY.txtName(ZONE, new RecordKey("example.org", RecordType.A))).isEqualTo("a-_apex.example.org");
        assertThat(new OwnershipRegistry("me", "x-%{record_type}.", "").txtName(ZONE,
                new RecordKey("example.org", RecordType.A))).isEqualTo("x-a.example.org");
        assertThat(REGISTRY.legacyTxtName(ZONE, "www.example.org")).isEqualTo("www.example.org");
        assertThat(REGISTRY.legacyTxtName(ZONE, "example.org")).isEqualTo("example.org");
        assertThat(new OwnershipRegistry("me", "", "", "any").txtName(ZONE, new RecordKey("*.example.org",
                RecordType.A))).isEqualTo("a-any.example.org");
    }

    @Test
    void aLegacyOwnershipRecordClaimsTheAddressRecordButNotAHandMadeAaaaBesideIt() {
        List<DnsRecord> current = List.of(
                DnsRecord.of("www.example.org", RecordType.A, 300, "192.0.2.1"),
                DnsRecord.of("www.example.org", RecordType.AAAA, 300, "2001:db8::1"),
                DnsRecord.of("www.example.org", RecordType.TXT, 300, REGISTRY.text("ingress/default/www")));

        Plan plan = Plan.compute(ZONE, List.of(), current, REGISTRY, Policy.SYNC);

        assertThat(plan.steps()).extracting(Plan.Step::action, Plan.Step::key).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Plan.Action.DELETE, new RecordKey("www.example.org", RecordType.A)));
        assertThat(plan.changes().deletes()).extracting(DnsRecord::key)
                .containsExactly(new RecordKey("www.example.org", RecordType.A));
    }

    @Test
    void removingAnApexRecordKeepsTheUsersOwnValuesInTheSharedTxtSet() {
        List<DnsRecord> current = List.of(
                DnsRecord.of("example.org", RecordType.A, 300, "192.0.2.1"),
                DnsRecord.of("example.org", RecordType.TXT, 300, "v=spf1 -all", REGISTRY.text("ingress/default/apex")));

        Changes changes = Plan.compute(ZONE, List.of(), current, REGISTRY, Policy.SYNC).changes();

        assertThat(changes.deletes()).extracting(DnsRecord::key)
                .containsExactly(new RecordKey("example.org", RecordType.A));
        assertThat(changes.updates()).singleElement()
                .satisfies(u -> assertThat(u.to().targets()).containsExactly("v=spf1 -all"));
    }

    @Test
    void aCnameWaitsWhenTheAddressRecordItReplacesMayNotBeDeleted() {
        List<DnsRecord> current = ours("www.example.org", "192.0.2.1");
        Desired cname = new Desired(DnsRecord.of("www.example.org", RecordType.CNAME, 300, "lb.example.net"),
                "ingress/default/www");

        Plan upsertOnly = Plan.compute(ZONE, List.of(cname), current, REGISTRY, Policy.UPSERT_ONLY);
        Plan held = Plan.compute(ZONE, List.of(cname), current, REGISTRY, Policy.SYNC).holdingDeletes("held");

        assertThat(upsertOnly.steps()).isEmpty();
        assertThat(held.steps()).isEmpty();
        assertThat(held.skipped()).extracting(Plan.Skip::reason).containsExactly("it waits for a held delete at the same name");
    }

    @Test
    void aHostWhoseOwnershipRecordNameIsTooLongIsSkippedNotWrittenWithoutOwner() {
        String label = "a".repeat(60);
        Plan plan = Plan.compute(ZONE, List.of(new Desired(DnsRecord.of(label + ".example.org", RecordType.CNAME, 300,
                "lb.example.net"), "ingress/default/long")), List.of(), REGISTRY, Policy.SYNC);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.skipped()).singleElement().satisfies(skip -> assertThat(skip.reason())
                .startsWith("its ownership record's name cname-" + label));
    }

    @Test
    void ownershipRecordsAreCreatedBeforeTheRecordsTheyOwn() {
        Changes changes = Plan.compute(ZONE, List.of(want("n.example.org", "192.0.2.3")), List.of(), REGISTRY,
                Policy.SYNC).changes();

        assertThat(changes.creates()).extracting(DnsRecord::type).containsExactly(RecordType.TXT, RecordType.A);
    }

    @Test
    void aPrefixAndASuffixTogetherAreRefusedAsExternalDnsDoes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OwnershipRegistry("me", "p-", "-s"))
                .hasMessage("--txt-prefix \"p-\" and --txt-suffix \"-s\": expected one of them, as external-dns does");
    }

    @Test
    void theSafetyRuleLetsASmallZoneEmptyButHoldsASuddenMassDelete() {
        SafetyRule rule = new SafetyRule(0.5, 1, java.time.Duration.ofMinutes(5), java.time.Clock.systemUTC());
        List<DnsRecord> one = ours("a.example.org", "192.0.2.1");
        List<DnsRecord> three = new java.util.ArrayList<>(one);
        three.addAll(ours("b.example.org", "192.0.2.2"));
        three.addAll(ours("c.example.org", "192.0.2.3"));

        assertThat(rule.check(Plan.compute(ZONE, List.of(), one, REGISTRY, Policy.SYNC)).count(Plan.Action.DELETE))
                .isEqualTo(1);
        Plan held = rule.check(Plan.compute(ZONE, List.of(), three, REGISTRY, Policy.SYNC));
        assertThat(held.count(Plan.Action.DELETE)).isZero();
        assertThat(held.heldDeletes()).startsWith("3 of 3 owned records would be deleted");
    }

    @Test
    void ownershipIsClaimedAndRecordsDeletedInTheFirstRoundAndRecordsWrittenAndReleasedInTheSecond() {
        List<DnsRecord> current = ours("old.example.org", "192.0.2.1");

        Plan plan = Plan.compute(ZONE, List.of(want("new.example.org", "192.0.2.2")), current, REGISTRY, Policy.SYNC);

        List<Changes> rounds = plan.rounds();
        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(0).creates()).extracting(DnsRecord::key)
                .containsExactly(new RecordKey("a-new.example.org", RecordType.TXT));
        assertThat(rounds.get(0).deletes()).extracting(DnsRecord::key)
                .containsExactly(new RecordKey("old.example.org", RecordType.A));
        assertThat(rounds.get(1).creates()).extracting(DnsRecord::key)
                .containsExactly(new RecordKey("new.example.org", RecordType.A));
        assertThat(rounds.get(1).deletes()).extracting(DnsRecord::key)
                .containsExactly(new RecordKey("a-old.example.org", RecordType.TXT));
    }

    @Test
    void anOwnershipRecordOfOursThatOwnsNothingIsDeletedButSomeoneElsesIsNot() {
        List<DnsRecord> current = List.of(
                DnsRecord.of("a-gone.example.org", RecordType.TXT, 300, REGISTRY.text("ingress/default/gone")),
                DnsRecord.of("a-theirs.example.org", RecordType.TXT, 300,
                        new OwnershipRegistry("them", "", "").text("ingress/default/theirs")));

        Plan plan = Plan.compute(ZONE, List.of(), current, REGISTRY, Policy.SYNC);

        assertThat(plan.changes().deletes()).extracting(DnsRecord::key)
                .containsExactly(new RecordKey("a-gone.example.org", RecordType.TXT));
    }

    private static List<DnsRecord> ours(String name, String address) {
        String label = name.substring(0, name.indexOf('.'));
        return List.of(DnsRecord.of(name, RecordType.A, 300, address),
                DnsRecord.of("a-" + name, RecordType.TXT, 300, REGISTRY.text("ingress/default/" + label)));
    }

    private static Desired want(String name, String address) {
        return new Desired(DnsRecord.of(name, RecordType.A, 300, address),
                "ingress/default/" + name.substring(0, name.indexOf('.')));
    }
}
