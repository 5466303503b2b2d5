package dev.gatehouse.dns;

import java.util.ArrayList;
import java.util.List;

/**
 * The writes one zone needs, registry TXT records included, in the order a provider applies them:
 * deletes, then updates, then creates (so a record can change type within one batch).
 */
public record Changes(List<DnsRecord> creates, List<Update> updates, List<DnsRecord> deletes) {

    /** A record set replaced as a whole; {@code from} is what was read, for prerequisites and ETags. */
    public record Update(DnsRecord from, DnsRecord to) {
    }

    public Changes {
        creates = List.copyOf(creates);
        updates = List.copyOf(updates);
        deletes = List.copyOf(deletes);
    }

    public static Changes none() {
        return new Changes(List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return creates.isEmpty() && updates.isEmpty() && deletes.isEmpty();
    }

    public int size() {
        return creates.size() + updates.size() + deletes.size();
    }

    /** Splits into one Changes per record set, for retrying a failed batch record by record. */
    public List<Changes> singly() {
        List<Changes> each = new ArrayList<>();
        deletes.forEach(d -> each.add(new Changes(List.of(), List.of(), List.of(d))));
        updates.forEach(u -> each.add(new Changes(List.of(), List.of(u), List.of())));
        creates.forEach(c -> each.add(new Changes(List.of(c), List.of(), List.of())));
        return each;
    }
}
