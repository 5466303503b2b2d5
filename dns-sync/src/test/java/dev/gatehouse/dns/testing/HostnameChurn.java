package dev.gatehouse.dns.testing;

import dev.gatehouse.cloudsdk.testing.EventTally;
import dev.gatehouse.dns.Desired;
import dev.gatehouse.dns.DnsEvents;
import dev.gatehouse.dns.DnsReconciler;
import dev.gatehouse.dns.DnsSyncException;
import dev.gatehouse.dns.DnsSyncException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.Plan;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the DNS convergence tests put a zone through, the same for every provider: hostnames of fifty Ingresses
 * created, moved to another address and deleted in an order drawn from a seed, one sync loop every ten simulated
 * seconds, and the failures the reconciler reports beside what each Ingress went through ({@link EventTally}): in a
 * loop that failed, what the reconciler says kept the Ingress's own records from the zone, if anything did.
 */
public final class HostnameChurn {

    private final int hostnames;
    private final String zone;
    private final Random random;
    private final Map<String, Desired> desired = new TreeMap<>();
    private final SteppingClock clock = new SteppingClock();
    private final EventTally tally = new EventTally();
    private Set<String> synced = Set.of();
    private int created;
    private int inFailedLoops;

    /** @param hostnames how many hostnames are created at most, {@code host-N.ZONE} */
    public HostnameChurn(long seed, int hostnames, String zone) {
        this.random = new Random(seed);
        this.hostnames = hostnames;
        this.zone = zone;
    }

    /** {@code count} random changes: mostly creates until all hostnames exist, then moves and deletes. */
    public void churn(int count) {
        for (int i = 0; i < count; i++) {
            change();
        }
    }

    private void change() {
        int roll = random.nextInt(10);
        List<String> names = new ArrayList<>(desired.keySet());
        if (created < hostnames && (roll < 6 || names.isEmpty())) {
            created++;
            put("host-" + created + "." + zone, created % 50, "192.0.2." + (created % 250 + 1));
        } else if (!names.isEmpty() && roll < 8) {
            String name = names.get(random.nextInt(names.size()));
            int ingress = Integer.parseInt(desired.get(name).resource().substring("ingress/default/ing-".length()));
            put(name, ingress, "198.51.100." + (random.nextInt(250) + 1));
        } else if (!names.isEmpty()) {
            desired.remove(names.get(random.nextInt(names.size())));
        }
    }

    private void put(String name, int ingress, String address) {
        desired.put(name, new Desired(DnsRecord.of(name, RecordType.A, 300, address), "ingress/default/ing-" + ingress));
    }

    /** One sync loop, ten simulated seconds after the last; whether it went through. */
    public boolean loop(DnsReconciler sync) {
        clock.advance(Duration.ofSeconds(10));
        Set<String> ingresses = new TreeSet<>();
        desired.values().forEach(want -> ingresses.add(want.resource()));
        synced.stream().filter(ingress -> !ingresses.contains(ingress)).forEach(tally::absent);
        synced = ingresses;
        try {
            sync.reconcile(List.copyOf(desired.values()));
            ingresses.forEach(tally::attemptSucceeded);
            return true;
        } catch (DnsSyncException e) {
            inFailedLoops += ingresses.size();
            for (String ingress : ingresses) {
                String failure = e.objects().get(ingress);
                if (failure == null) {
                    tally.attemptSucceeded(ingress);
                } else {
                    tally.attemptFailed(ingress, "DnsSyncFailed", failure);
                }
            }
            return false;
        }
    }

    /** The reconciler's events: failures and recoveries are tallied, the rest ignored. */
    public DnsEvents events() {
        return new DnsEvents() {
            @Override
            public void skipped(Zone skipped, Plan.Skip skip) {
            }

            @Override
            public void deletesHeld(Zone held, String reason) {
            }

            @Override
            public void applied(Zone applied, Plan.Step step) {
            }

            @Override
            public void failed(Zone failed, String resource, String message) {
                tally.warning(resource);
            }

            @Override
            public void recovered(Zone recovered, String resource) {
                tally.recovered(resource);
            }

            @Override
            public void noZone(Desired want) {
            }
        };
    }

    /** The hostnames wanted now, by name. */
    public Map<String, Desired> desired() {
        return desired;
    }

    public SteppingClock clock() {
        return clock;
    }

    /** How many hostnames were created. */
    public int created() {
        return created;
    }

    /**
     * Ingresses synced by loops that failed, counted once per loop: what a sync that tells every Ingress of a
     * failing zone about the zone's failure would report at most.
     */
    public int ingressesInFailedLoops() {
        return inFailedLoops;
    }

    /** Each Ingress's attempts beside the failures and recoveries reported to it. */
    public EventTally tally() {
        return tally;
    }
}
