package dev.gatehouse.dns.rfc2136;

import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsConflictException;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsProvider;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.Zone;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Update;

/**
 * Publishes records to any server that implements RFC 2136 dynamic updates, signed with TSIG. Zones
 * are the configured names; they are read by AXFR (which the server must allow for the key). Updates
 * go over TCP in batches; a batch the server rejects for another reason than a changed zone is sent
 * again record set by record set, so that one bad record cannot block the zone.
 */
public final class Rfc2136Provider implements DnsProvider {

    private static final Logger log = LoggerFactory.getLogger(Rfc2136Provider.class);

    private final Rfc2136Settings settings;
    private final SimpleResolver resolver;
    private final ZoneReader reader;
    private final UpdateMessages messages;

    private Rfc2136Provider(Rfc2136Settings settings, SimpleResolver resolver, ZoneReader reader) {
        this.settings = settings;
        this.resolver = resolver;
        this.reader = reader;
        this.messages = new UpdateMessages(settings.maxRecordsPerUpdate());
    }

    public static Rfc2136Provider create(Rfc2136Settings settings) {
        InetSocketAddress server = new InetSocketAddress(settings.host(), settings.port());
        TSIG tsig = settings.tsigName().isEmpty() ? null : new TSIG(
                name(Rfc2136Settings.ALGORITHMS.get(settings.tsigAlgorithm())), name(settings.tsigName()),
                settings.tsigSecret());
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTCP(true);
        resolver.setTimeout(settings.timeout());
        if (tsig != null) {
            resolver.setTSIGKey(tsig);
        }
        log.info("{}", settings);
        return new Rfc2136Provider(settings, resolver, new ZoneReader(server, tsig, settings.timeout()));
    }

    @Override
    public String name() {
        return "rfc2136";
    }

    @Override
    public List<Zone> zones() {
        return settings.zones().stream().map(z -> new Zone(z, z)).toList();
    }

    @Override
    public List<DnsRecord> records(Zone zone) {
        return reader.read(zone);
    }

    @Override
    public void apply(Zone zone, Changes changes) {
        if (changes.isEmpty()) {
            return;
        }
        UpdateMessages.Built built = build(zone, changes);
        List<String> failed = new ArrayList<>(built.invalid());
        for (UpdateMessages.Batch batch : built.batches()) {
            String problem = send(zone, batch.message());
            if (problem == null) {
                continue;
            }
            if (batch.singles().size() == 1) {
                failed.add(describe(batch.singles().get(0)) + ": " + problem);
            } else {
                log.warn("rfc2136: zone {}: a batch was rejected ({}); sending its record sets one by one",
                        zone.name(), problem);
                failed.addAll(oneByOne(zone, batch.singles()));
            }
        }
        if (!failed.isEmpty()) {
            throw new DnsException("rfc2136: zone " + zone.name() + ": " + String.join("; ", failed));
        }
    }

    private List<String> oneByOne(Zone zone, List<Changes> singles) {
        List<String> failed = new ArrayList<>();
        for (Changes single : singles) {
            for (UpdateMessages.Batch batch : build(zone, single).batches()) {
                String problem = send(zone, batch.message());
                if (problem != null) {
                    failed.add(describe(single) + ": " + problem);
                }
            }
        }
        return failed;
    }

    /** Sends one message; null when it applied, the server's reason otherwise. Conflicts throw. */
    private String send(Zone zone, Update message) {
        Message response;
        try {
            response = resolver.send(message);
        } catch (IOException e) {
            throw new DnsException("rfc2136: zone " + zone.name() + ": sending an update to " + settings.host() + ":"
                    + settings.port() + " failed: " + e.getMessage(), e);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NOERROR) {
            return null;
        }
        if (rcode == Rcode.NXRRSET || rcode == Rcode.YXRRSET || rcode == Rcode.NXDOMAIN
                || rcode == Rcode.YXDOMAIN) {
            throw new DnsConflictException("rfc2136: zone " + zone.name() + ": the server answered "
                    + Rcode.string(rcode) + ": a prerequisite failed, the zone changed since it was read");
        }
        if (rcode == Rcode.NOTAUTH || rcode == Rcode.REFUSED) {
            throw new DnsException("rfc2136: zone " + zone.name() + ": the server answered " + Rcode.string(rcode)
                    + " to an update signed with key \"" + settings.tsigName() + "\"; check the key and the "
                    + "zone's update-policy");
        }
        return "the server answered " + Rcode.string(rcode);
    }

    private UpdateMessages.Built build(Zone zone, Changes changes) {
        try {
            return messages.build(zone, changes);
        } catch (IOException e) {
            throw new DnsException("rfc2136: zone " + zone.name() + " is not a valid zone name: " + e.getMessage(), e);
        }
    }

    private static String describe(Changes changes) {
        List<String> parts = new ArrayList<>();
        changes.creates().forEach(c -> parts.add("create " + c));
        changes.updates().forEach(u -> parts.add("update " + u.to()));
        changes.deletes().forEach(d -> parts.add("delete " + d));
        return String.join(", ", parts);
    }

    private static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (IOException e) {
            throw new IllegalArgumentException("rfc2136: \"" + text + "\" is not a DNS name", e);
        }
    }
}
