package dev.gatehouse.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one zone needs so that its records match the sources: a pure function of the desired records,
 * the records read from the zone and the registry, with the policy already applied.
 *
 * <p>Only record sets whose registry TXT names our owner id are updated or deleted. A desired record
 * whose name is taken by a record set of nobody or of another owner is {@linkplain #skipped skipped}
 * with the reason, never overwritten. Start at {@link #compute}.
 */
public final class Plan {

    /** What a step does to its record set. */
    public enum Action {
        CREATE,
        UPDATE,
        DELETE,
        /** Only the registry TXT is written: a legacy or external-dns record taken over, or re-labelled. */
        REGISTER
    }

    /**
     * One record set's change, with the registry TXT records that go with it.
     *
     * @param before the record set as read; null for a create
     * @param after the record set wanted; null for a delete
     * @param txtBefore our registry TXT records present for it (typed and legacy)
     * @param txtAfter the typed registry TXT it should have; null for a delete
     */
    public record Step(Action action, RecordKey key, DnsRecord before, DnsRecord after,
                       List<DnsRecord> txtBefore, DnsRecord txtAfter, String resource) {
    }

    /** A desired record left alone, and why. */
    public record Skip(RecordKey key, String resource, String reason) {
    }

    private final Zone zone;
    private final List<Step> steps;
    private final List<Skip> skipped;
    private final int owned;
    private final String heldDeletes;

    private Plan(Zone zone, List<Step> steps, List<Skip> skipped, int owned, String heldDeletes) {
        this.zone = zone;
        this.steps = List.copyOf(steps);
        this.skipped = List.copyOf(skipped);
        this.owned = owned;
        this.heldDeletes = heldDeletes;
    }

    /**
     * Plans one zone.
     *
     * @param desired records within the zone, already in the provider's form
     * @param current every A, AAAA, CNAME and TXT record set read from the zone
     */
    public static Plan compute(Zone zone, List<Desired> desired, List<DnsRecord> current,
                               OwnershipRegistry registry, Policy policy) {
        List<Skip> skipped = new ArrayList<>();
        Map<RecordKey, Desired> wanted = merge(desired, skipped);
        Map<RecordKey, DnsRecord> records = new TreeMap<>();
        Map<String, DnsRecord> texts = new HashMap<>();
        for (DnsRecord record : current) {
            if (record.type() == RecordType.TXT) {
                texts.put(record.name(), record);
                if (!OwnershipRegistry.isRegistryText(record)) {
                    records.put(record.key(), record);
                }
            } else {
                records.put(record.key(), record);
            }
        }
        Map<RecordKey, Owner> owners = registry.owners(zone, current);
        Set<RecordKey> ours = owners.entrySet().stream()
                .filter(e -> e.getValue().ownerId().equals(registry.ownerId()))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(LinkedHashSet::new));

        List<Step> steps = new ArrayList<>();
        for (Desired want : wanted.values()) {
            RecordKey key = want.record().key();
            DnsRecord typedTxt = texts.get(registry.txtName(zone, key));
            // alias records have no TTL of their own; their ownership record needs one
            long txtTtl = want.record().ttl() > 0 ? want.record().ttl() : DEFAULT_TXT_TTL;
            DnsRecord txtAfter = registry.txtFor(zone, key, txtTtl, want.resource());
            DnsRecord existing = records.get(key);
            if (!DnsNames.isValidName(txtAfter.name())) {
                skipped.add(new Skip(key, want.resource(), "its ownership record's name " + txtAfter.name()
                        + " is not a valid DNS name (a label over 63 or a name over 253 characters)"));
                continue;
            }
            if (existing == null) {
                String blocker = blockerAtName(key, records, ours, wanted, policy);
                Owner txtOwner = OwnershipRegistry.parse(typedTxt).orElse(null);
                if (blocker != null) {
                    skipped.add(new Skip(key, want.resource(), blocker));
                } else if (typedTxt != null && txtOwner == null) {
                    skipped.add(new Skip(key, want.resource(), "the name of its ownership record, " + typedTxt.name()
                            + ", holds a TXT record that is not an ownership record"));
                } else if (txtOwner != null && !txtOwner.ownerId().equals(registry.ownerId())) {
                    skipped.add(new Skip(key, want.resource(),
                            "its ownership record is held by owner \"" + txtOwner.ownerId() + "\""));
                } else {
                    steps.add(new Step(Action.CREATE, key, null, want.record(), present(typedTxt), txtAfter,
                            want.resource()));
                }
                continue;
            }
            Owner owner = owners.get(key);
            if (owner == null) {
                skipped.add(new Skip(key, want.resource(), "the record exists and has no ownership record"));
            } else if (!owner.ownerId().equals(registry.ownerId())) {
                skipped.add(new Skip(key, want.resource(),
                        "the record is owned by \"" + owner.ownerId() + "\""));
            } else if (!sameData(existing, want.record())) {
                steps.add(new Step(Action.UPDATE, key, existing, want.record(), ourTexts(zone, key, texts, registry),
                        txtAfter, want.resource()));
            } else if (typedTxt == null || !typedTxt.targets().equals(txtAfter.targets())) {
                steps.add(new Step(Action.REGISTER, key, existing, existing, ourTexts(zone, key, texts, registry),
                        txtAfter, want.resource()));
            }
        }
        for (RecordKey key : ours) {
            if (!wanted.containsKey(key)) {
                String typedName = registry.txtName(zone, key);
                boolean nameSurvives = records.keySet().stream().anyMatch(other -> other.name().equals(key.name())
                        && !other.equals(key) && (wanted.containsKey(other) || !ours.contains(other)));
                List<DnsRecord> txts = ourTexts(zone, key, texts, registry).stream()
                        .filter(txt -> txt.name().equals(typedName) || !nameSurvives)
                        .toList();
                steps.add(new Step(Action.DELETE, key, records.get(key), null, txts, null,
                        owners.get(key).resource()));
            }
        }
        steps.addAll(orphanedTexts(zone, wanted.keySet(), records.keySet(), texts.values(), registry));
        steps.removeIf(step -> !policy.allowsDeletes() && step.action() == Action.DELETE
                || !policy.allowsUpdates() && (step.action() == Action.UPDATE || step.action() == Action.REGISTER));
        steps.sort(Comparator.comparing(Step::key));
        return new Plan(zone, steps, skipped, ours.size(), null);
    }

    /**
     * Deletes of our registry TXT records that own nothing: no record they name is there or wanted. A loop that
     * deleted a record but failed before its TXT went (the TXT goes in the second round) leaves one, and nothing
     * else would ever remove it. A TXT that also holds someone else's values is left alone.
     */
    private static List<Step> orphanedTexts(Zone zone, Set<RecordKey> wanted, Set<RecordKey> present,
            java.util.Collection<DnsRecord> texts, OwnershipRegistry registry) {
        Set<String> claimed = new java.util.HashSet<>();
        for (Set<RecordKey> keys : List.of(wanted, present)) {
            for (RecordKey key : keys) {
                claimed.add(registry.txtName(zone, key));
                claimed.add(DnsNames.canonical(registry.legacyTxtName(zone, key.name())));
            }
        }
        List<Step> deletes = new ArrayList<>();
        for (DnsRecord txt : texts) {
            Owner owner = OwnershipRegistry.parse(txt).orElse(null);
            if (owner != null && owner.ownerId().equals(registry.ownerId()) && !claimed.contains(txt.name())
                    && txt.targets().stream().allMatch(t -> t.startsWith("heritage="))) {
                deletes.add(new Step(Action.DELETE, txt.key(), txt, null, List.of(), null, owner.resource()));
            }
        }
        return deletes;
    }

    /** This plan without its deletes, for the safety rule; the reason is shown with the plan. */
    public Plan holdingDeletes(String reason) {
        Set<String> heldNames = steps.stream().filter(s -> s.action() == Action.DELETE)
                .map(s -> s.key().name()).collect(Collectors.toSet());
        List<Skip> alsoSkipped = new ArrayList<>(skipped);
        List<Step> kept = new ArrayList<>();
        for (Step step : steps) {
            if (step.action() == Action.DELETE) {
                continue;
            }
            // a create that shares its name with a held delete may need that delete first (CNAME)
            if (step.action() == Action.CREATE && heldNames.contains(step.key().name())) {
                alsoSkipped.add(new Skip(step.key(), step.resource(), "it waits for a held delete at the same name"));
                continue;
            }
            kept.add(step);
        }
        return new Plan(zone, kept, alsoSkipped, owned, reason);
    }

    public Zone zone() {
        return zone;
    }

    public List<Step> steps() {
        return steps;
    }

    public List<Skip> skipped() {
        return skipped;
    }

    /** How many record sets of the zone we own, before this plan. */
    public int owned() {
        return owned;
    }

    public long count(Action action) {
        return steps.stream().filter(s -> s.action() == action).count();
    }

    /** Why deletes were held back by the safety rule; null when they were not. */
    public String heldDeletes() {
        return heldDeletes;
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** The provider writes for this plan, registry TXT records included. */
    public Changes changes() {
        List<Changes> rounds = rounds();
        List<DnsRecord> creates = new ArrayList<>();
        List<Changes.Update> updates = new ArrayList<>();
        List<DnsRecord> deletes = new ArrayList<>();
        for (Changes round : rounds) {
            creates.addAll(round.creates());
            updates.addAll(round.updates());
            deletes.addAll(round.deletes());
        }
        return new Changes(creates, updates, deletes);
    }

    /**
     * The same writes in two rounds, the second to be sent only once the first went through: first the
     * ownership claims (registry TXT records created or updated) and the deletes of our records, then the records
     * claimed and the release of the registry TXT records of deleted ones. A provider that writes record sets one
     * at a time (Azure), or falls back to that (a refused batch), can fail some writes of a round and not others;
     * in one round a record created while its TXT failed, or a TXT deleted while its record's delete failed,
     * would leave a record that is nobody's, for good. Empty rounds are left out.
     */
    public List<Changes> rounds() {
        Map<RecordKey, DnsRecord> txtCreates = new LinkedHashMap<>();
        Map<RecordKey, Changes.Update> txtUpdates = new LinkedHashMap<>();
        Map<RecordKey, DnsRecord> recordDeletes = new LinkedHashMap<>();
        Map<RecordKey, DnsRecord> creates = new LinkedHashMap<>();
        Map<RecordKey, Changes.Update> updates = new LinkedHashMap<>();
        Map<RecordKey, DnsRecord> txtDeletes = new LinkedHashMap<>();
        for (Step step : steps) {
            switch (step.action()) {
                case CREATE -> creates.put(step.key(), step.after());
                case UPDATE -> updates.put(step.key(), new Changes.Update(step.before(), step.after()));
                case DELETE -> recordDeletes.put(step.key(), step.before());
                case REGISTER -> { }
            }
            if (step.txtAfter() == null) {
                for (DnsRecord txt : step.txtBefore()) {
                    List<String> others = txt.targets().stream().filter(t -> !t.startsWith("heritage=")).toList();
                    if (others.isEmpty()) {
                        txtDeletes.putIfAbsent(txt.key(), txt);
                    } else {
                        // the legacy name can be a TXT set of the user's (SPF at the apex): keep their values
                        updates.putIfAbsent(txt.key(), new Changes.Update(txt,
                                new DnsRecord(txt.name(), RecordType.TXT, txt.ttl(), others, false)));
                    }
                }
                continue;
            }
            DnsRecord typed = step.txtBefore().stream()
                    .filter(t -> t.name().equals(step.txtAfter().name())).findFirst().orElse(null);
            if (typed == null) {
                txtCreates.putIfAbsent(step.txtAfter().key(), step.txtAfter());
            } else if (!typed.targets().equals(step.txtAfter().targets())) {
                txtUpdates.putIfAbsent(step.txtAfter().key(), new Changes.Update(typed, step.txtAfter()));
            }
        }
        List<Changes> rounds = new ArrayList<>();
        Changes claims = new Changes(List.copyOf(txtCreates.values()), List.copyOf(txtUpdates.values()),
                List.copyOf(recordDeletes.values()));
        Changes rest = new Changes(List.copyOf(creates.values()), List.copyOf(updates.values()),
                List.copyOf(txtDeletes.values()));
        for (Changes round : List.of(claims, rest)) {
            if (!round.isEmpty()) {
                rounds.add(round);
            }
        }
        return List.copyOf(rounds);
    }

    private static final long DEFAULT_TXT_TTL = 300;

    private static Map<RecordKey, Desired> merge(List<Desired> desired, List<Skip> skipped) {
        List<Desired> sorted = new ArrayList<>(desired);
        sorted.sort(Comparator.comparing((Desired d) -> d.record().key()).thenComparing(Desired::resource));
        Map<RecordKey, Desired> merged = new LinkedHashMap<>();
        for (Desired want : sorted) {
            RecordKey key = want.record().key();
            Desired first = merged.get(key);
            if (first == null) {
                merged.put(key, want);
            } else if (key.type() == RecordType.CNAME) {
                if (!first.record().targets().equals(want.record().targets())) {
                    skipped.add(new Skip(key, want.resource(), "the name is already a CNAME to "
                            + first.record().targets() + " for " + first.resource()));
                }
            } else {
                List<String> targets = new ArrayList<>(first.record().targets());
                targets.addAll(want.record().targets());
                long ttl = Math.min(first.record().ttl(), want.record().ttl());
                merged.put(key, new Desired(new DnsRecord(key.name(), key.type(), ttl, targets,
                        first.record().alias()), first.resource()));
            }
        }
        return merged;
    }

    /**
     * Why a new record set cannot be created: a CNAME shares its name with nothing, so another type at
     * the name blocks it unless that record set is ours and going away.
     */
    private static String blockerAtName(RecordKey key, Map<RecordKey, DnsRecord> records, Set<RecordKey> ours,
                                        Map<RecordKey, Desired> wanted, Policy policy) {
        for (DnsRecord other : records.values()) {
            if (!other.name().equals(key.name()) || other.type() == key.type()) {
                continue;
            }
            boolean cnameInvolved = key.type() == RecordType.CNAME || other.type() == RecordType.CNAME;
            boolean goingAway = policy.allowsDeletes() && ours.contains(other.key()) && !wanted.containsKey(other.key());
            if (cnameInvolved && !goingAway) {
                return "the name already holds a " + other.type() + " record"
                        + (ours.contains(other.key()) ? "" : " that is not ours");
            }
        }
        return null;
    }

    private static List<DnsRecord> ourTexts(Zone zone, RecordKey key, Map<String, DnsRecord> texts,
                                            OwnershipRegistry registry) {
        List<DnsRecord> found = new ArrayList<>();
        List<String> names = key.type() == RecordType.A || key.type() == RecordType.CNAME
                ? List.of(registry.txtName(zone, key), DnsNames.canonical(registry.legacyTxtName(zone, key.name())))
                : List.of(registry.txtName(zone, key));
        for (String name : names) {
            DnsRecord txt = texts.get(name);
            if (txt != null && OwnershipRegistry.parse(txt)
                    .filter(o -> o.ownerId().equals(registry.ownerId())).isPresent()) {
                found.add(txt);
            }
        }
        return found;
    }

    private static List<DnsRecord> present(DnsRecord txt) {
        return txt == null ? List.of() : List.of(txt);
    }

    private static boolean sameData(DnsRecord a, DnsRecord b) {
        return a.ttl() == b.ttl() && a.targets().equals(b.targets()) && a.alias() == b.alias()
                && Objects.equals(a.type(), b.type());
    }
}
