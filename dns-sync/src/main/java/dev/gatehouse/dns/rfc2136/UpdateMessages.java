package dev.gatehouse.dns.rfc2136;

import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.Zone;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * Turns changes into UPDATE messages whose prerequisites pin every record set to what was read: a
 * create requires the set to be absent, an update or delete requires it to hold exactly its old
 * records (RFC 2136 section 2.4.2, value-dependent). The server then rejects the whole message with
 * NXRRSET or YXRRSET if anyone else changed those sets.
 */
final class UpdateMessages {

    private static final int TXT_STRING_MAX = 255;

    private final int maxRecords;

    UpdateMessages(int maxRecords) {
        this.maxRecords = maxRecords;
    }

    /** One message and the record sets it carries. */
    record Batch(Update message, List<Changes> singles) {
    }

    /** The messages, and the record sets left out because they are not valid records. */
    record Built(List<Batch> batches, List<String> invalid) {
    }

    /**
     * One message per batch of at most {@code maxRecords} resource records, prerequisites included; a
     * record set that cannot be encoded is left out and reported, so it cannot hold up the others.
     */
    Built build(Zone zone, Changes changes) throws TextParseException {
        Name origin = Name.fromString(zone.name(), Name.root);
        List<Batch> batches = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        Update current = new Update(origin);
        List<Changes> singles = new ArrayList<>();
        int size = 0;
        for (Changes single : changes.singly()) {
            try {
                add(new Update(origin), single);
            } catch (TextParseException | UnknownHostException | IllegalArgumentException e) {
                invalid.add(single + ": not a valid record (" + e.getMessage() + ")");
                continue;
            }
            int weight = weight(single);
            if (size > 0 && size + weight > maxRecords) {
                batches.add(new Batch(current, singles));
                current = new Update(origin);
                singles = new ArrayList<>();
                size = 0;
            }
            addValid(current, single);
            singles.add(single);
            size += weight;
        }
        if (size > 0) {
            batches.add(new Batch(current, singles));
        }
        return new Built(batches, invalid);
    }

    private static void addValid(Update update, Changes single) {
        try {
            add(update, single);
        } catch (TextParseException | UnknownHostException e) {
            throw new IllegalStateException("a record set that encoded once failed to encode again", e);
        }
    }

    private static void add(Update update, Changes single) throws TextParseException, UnknownHostException {
        for (DnsRecord delete : single.deletes()) {
            for (Record record : prerequisites(delete)) {
                update.present(record);
            }
            update.delete(name(delete), type(delete));
        }
        for (Changes.Update change : single.updates()) {
            for (Record record : prerequisites(change.from())) {
                update.present(record);
            }
            update.delete(name(change.from()), type(change.from()));
            update.add(records(change.to()).toArray(Record[]::new));
        }
        for (DnsRecord create : single.creates()) {
            update.absent(name(create), type(create));
            update.add(records(create).toArray(Record[]::new));
        }
    }

    private static int weight(Changes single) {
        int weight = 0;
        for (DnsRecord d : single.deletes()) {
            weight += d.targets().size() + 1;
        }
        for (Changes.Update u : single.updates()) {
            weight += u.from().targets().size() + u.to().targets().size() + 1;
        }
        for (DnsRecord c : single.creates()) {
            weight += c.targets().size() + 1;
        }
        return weight;
    }

    /** RFC 2136 section 2.4.2: value-dependent prerequisites carry a TTL of zero, or the server says FORMERR. */
    private static List<Record> prerequisites(DnsRecord set) throws TextParseException, UnknownHostException {
        return records(set.withTtl(0));
    }

    static List<Record> records(DnsRecord set) throws TextParseException, UnknownHostException {
        Name name = name(set);
        List<Record> records = new ArrayList<>();
        for (String target : set.targets()) {
            records.add(switch (set.type()) {
                case A -> new ARecord(name, DClass.IN, set.ttl(), InetAddress.getByName(target));
                case AAAA -> new AAAARecord(name, DClass.IN, set.ttl(), InetAddress.getByName(target));
                case CNAME -> new CNAMERecord(name, DClass.IN, set.ttl(), Name.fromString(target, Name.root));
                case TXT -> new TXTRecord(name, DClass.IN, set.ttl(), split(target));
            });
        }
        return records;
    }

    private static List<String> split(String text) {
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < text.length(); i += TXT_STRING_MAX) {
            strings.add(text.substring(i, Math.min(text.length(), i + TXT_STRING_MAX)));
        }
        return strings.isEmpty() ? List.of("") : strings;
    }

    private static Name name(DnsRecord set) throws TextParseException {
        return Name.fromString(set.name(), Name.root);
    }

    private static int type(DnsRecord set) {
        return Type.value(set.type().name());
    }
}
