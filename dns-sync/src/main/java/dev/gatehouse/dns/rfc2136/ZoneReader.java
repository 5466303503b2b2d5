package dev.gatehouse.dns.rfc2136;

import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/** Reads a zone by AXFR and groups its A, AAAA, CNAME and TXT records into record sets. */
final class ZoneReader {

    private final InetSocketAddress server;
    private final TSIG tsig;
    private final Duration timeout;

    ZoneReader(InetSocketAddress server, TSIG tsig, Duration timeout) {
        this.server = server;
        this.tsig = tsig;
        this.timeout = timeout;
    }

    List<DnsRecord> read(Zone zone) {
        List<Record> transferred;
        try {
            ZoneTransferIn transfer = ZoneTransferIn.newAXFR(Name.fromString(zone.name(), Name.root), server, tsig);
            transfer.setTimeout(timeout);
            transfer.run();
            transferred = transfer.getAXFR();
        } catch (ZoneTransferException e) {
            throw new DnsException("rfc2136: zone " + zone.name() + ": the server at " + server
                    + " refused the zone transfer (AXFR: " + e.getMessage() + "); the sync reads the zone by AXFR, "
                    + "so allow it for the TSIG key (BIND: allow-transfer { key \"NAME\"; };)", e);
        } catch (IOException e) {
            throw new DnsException("rfc2136: zone " + zone.name() + ": reading it by AXFR from " + server
                    + " failed: " + e.getMessage(), e);
        }
        Map<String, List<Record>> sets = new LinkedHashMap<>();
        for (Record record : transferred) {
            if (type(record).isPresent()) {
                sets.computeIfAbsent(record.getName() + " " + record.getType(), k -> new ArrayList<>()).add(record);
            }
        }
        List<DnsRecord> records = new ArrayList<>();
        for (List<Record> set : sets.values()) {
            Record first = set.get(0);
            List<String> targets = set.stream().map(ZoneReader::value).toList();
            records.add(new DnsRecord(first.getName().toString(), type(first).orElseThrow(), first.getTTL(), targets,
                    false));
        }
        return records;
    }

    private static Optional<RecordType> type(Record record) {
        if (record instanceof ARecord) {
            return Optional.of(RecordType.A);
        } else if (record instanceof AAAARecord) {
            return Optional.of(RecordType.AAAA);
        } else if (record instanceof CNAMERecord) {
            return Optional.of(RecordType.CNAME);
        } else if (record instanceof TXTRecord) {
            return Optional.of(RecordType.TXT);
        }
        return Optional.empty();
    }

    private static String value(Record record) {
        if (record instanceof ARecord a) {
            return a.getAddress().getHostAddress();
        } else if (record instanceof AAAARecord aaaa) {
            return aaaa.getAddress().getHostAddress();
        } else if (record instanceof CNAMERecord cname) {
            return cname.getTarget().toString();
        }
        return String.join("", ((TXTRecord) record).getStrings());
    }
}
