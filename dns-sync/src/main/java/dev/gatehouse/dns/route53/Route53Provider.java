package dev.gatehouse.dns.route53;

import dev.gatehouse.cloudsdk.SdkCauses;
import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsNames;
import dev.gatehouse.dns.DnsProvider;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordKey;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.AliasTarget;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.GetChangeResponse;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.waiters.Route53Waiter;

/**
 * Route 53 as a {@link DnsProvider}.
 *
 * <p>Hosted zones are listed once and kept for the provider's lifetime. {@link #records} remembers the record
 * sets exactly as Route 53 returned them, so that a delete, and the delete half of an update, sends back
 * what Route 53 holds; an update is a DELETE of what was read and a CREATE of what is wanted in one atomic
 * batch, so a zone changed since the read fails the batch instead of losing someone else's change.
 *
 * <p>A CNAME to an AWS load balancer becomes an alias A record (and an alias AAAA for a dual-stack one),
 * which answers at a zone apex too and costs no extra lookup.
 */
public final class Route53Provider implements DnsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(Route53Provider.class);

    /** A record set as {@link #records} read it: what the sync sees, and what Route 53 stores. */
    private record ReadSet(DnsRecord record, ResourceRecordSet stored) {
    }

    private final Route53Client client;
    private final Route53Waiter waiter;
    private final Route53Settings settings;
    private final String endpoint;
    private final ZoneFilter zoneFilter;
    private final ChangeBatches.Limits limits;
    private final Map<String, Map<RecordKey, ReadSet>> readSets = new ConcurrentHashMap<>();
    private List<Zone> zones;

    private Route53Provider(Route53Client client, Route53Settings settings) {
        this.client = client;
        this.settings = settings;
        this.endpoint = Route53Clients.endpoint(settings);
        this.zoneFilter = ZoneFilter.of(settings);
        this.limits = new ChangeBatches.Limits(settings.maxRecordsPerBatch(), settings.maxValueCharsPerBatch());
        this.waiter = settings.waitForChange() ? waiter(client, settings) : null;
    }

    public static Route53Provider create(Route53Settings settings) {
        return create(settings, Pacer.perSecond(settings.requestsPerSecond()));
    }

    /** With a pacer of the caller's, so tests keep time with a fake clock. */
    static Route53Provider create(Route53Settings settings, Pacer pacer) {
        return new Route53Provider(Route53Clients.create(settings, pacer), settings);
    }

    @Override
    public String name() {
        return "route53";
    }

    @Override
    public synchronized List<Zone> zones() {
        if (zones == null) {
            zones = listZones();
        }
        return zones;
    }

    @Override
    public List<DnsRecord> records(Zone zone) {
        List<DnsRecord> records = new ArrayList<>();
        Map<RecordKey, ReadSet> read = new HashMap<>();
        try {
            for (ResourceRecordSet set : client.listResourceRecordSetsPaginator(r -> r.hostedZoneId(zone.id()))
                    .resourceRecordSets()) {
                Optional<DnsRecord> record = RecordSets.read(set);
                if (record.isPresent()) {
                    records.add(record.get());
                    read.put(record.get().key(), new ReadSet(record.get(), set));
                }
            }
        } catch (SdkException e) {
            throw new DnsException("route53 zone " + zone.name() + " (" + zone.id() + "): listing record sets failed: "
                    + cause(e), e);
        }
        readSets.put(zone.id(), Map.copyOf(read));
        return List.copyOf(records);
    }

    @Override
    public List<DnsRecord> adjust(Zone zone, DnsRecord desired) {
        if (desired.type() != RecordType.CNAME || desired.alias() || desired.targets().size() != 1) {
            return List.of(desired);
        }
        return LoadBalancerZones.find(desired.targets().get(0))
                .map(lb -> {
                    List<DnsRecord> aliases = new ArrayList<>();
                    aliases.add(new DnsRecord(desired.name(), RecordType.A, 0, List.of(lb.hostname()), true));
                    if (lb.dualStack()) {
                        aliases.add(new DnsRecord(desired.name(), RecordType.AAAA, 0, List.of(lb.hostname()), true));
                    }
                    return List.copyOf(aliases);
                })
                .orElse(List.of(desired));
    }

    @Override
    public void apply(Zone zone, Changes changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<RecordKey, ReadSet> read = readSets.getOrDefault(zone.id(), Map.of());
        List<Changes> batches = ChangeBatches.split(changes, c -> apiChanges(zone, c, read), limits);
        List<String> submitted = new ArrayList<>();
        List<Rejections.Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            Changes batch = batches.get(i);
            Optional<String> refusal = submit(zone, batch, read, submitted);
            if (refusal.isEmpty()) {
                LOG.debug("route53 zone {} ({}): batch {} of {} with {} record set changes accepted", zone.name(),
                        zone.id(), i + 1, batches.size(), batch.size());
            } else if (batch.size() == 1) {
                rejected.add(new Rejections.Rejected(Rejections.describe(batch), refusal.get()));
            } else {
                LOG.warn("route53 zone {} ({}): batch {} of {} refused ({}); sending its {} record set changes one by"
                        + " one", zone.name(), zone.id(), i + 1, batches.size(), refusal.get(), batch.size());
                for (Changes single : batch.singly()) {
                    submit(zone, single, read, submitted).ifPresent(reason ->
                            rejected.add(new Rejections.Rejected(Rejections.describe(single), reason)));
                }
            }
        }
        if (waiter != null) {
            submitted.forEach(changeId -> awaitInSync(zone, changeId));
        }
        if (!rejected.isEmpty()) {
            throw Rejections.exception(zone, changes.size(), rejected);
        }
    }

    @Override
    public void close() {
        if (waiter != null) {
            waiter.close();
        }
        client.close();
    }

    private List<Zone> listZones() {
        List<Zone> found = new ArrayList<>();
        try {
            for (HostedZone hostedZone : client.listHostedZonesPaginator().hostedZones()) {
                String id = ZoneFilter.bareId(hostedZone.id());
                String name = RecordSets.unescapeName(hostedZone.name());
                boolean privateZone = hostedZone.config() != null && Boolean.TRUE.equals(hostedZone.config().privateZone());
                if (zoneFilter.admits(id, name, privateZone)) {
                    found.add(new Zone(id, name));
                }
            }
        } catch (SdkException e) {
            throw new DnsException("route53: listing hosted zones failed: " + cause(e), e);
        }
        found.sort(Comparator.comparing(Zone::name).thenComparing(Zone::id));
        LOG.info("route53: writing {} hosted zones: {}", found.size(), found);
        return List.copyOf(found);
    }

    /**
     * Sends the changes as one batch and adds Route 53's change id to {@code submitted}; returns Route 53's
     * reason when it refused the batch for its content, and throws for any other failure.
     */
    private Optional<String> submit(Zone zone, Changes changes, Map<RecordKey, ReadSet> read, List<String> submitted) {
        List<Change> batch = apiChanges(zone, changes, read);
        try {
            submitted.add(client.changeResourceRecordSets(r -> r
                            .hostedZoneId(zone.id())
                            .changeBatch(b -> b.changes(batch)))
                    .changeInfo()
                    .id());
            return Optional.empty();
        } catch (AwsServiceException e) {
            if (Rejections.isRejection(e)) {
                return Optional.of(Rejections.message(e));
            }
            throw failed(zone, e);
        } catch (SdkException e) {
            throw failed(zone, e);
        }
    }

    /** In the order Route 53 must apply them: deletes, then each update's DELETE and CREATE, then creates. */
    private List<Change> apiChanges(Zone zone, Changes changes, Map<RecordKey, ReadSet> read) {
        List<Change> api = new ArrayList<>();
        for (DnsRecord delete : changes.deletes()) {
            api.add(change(ChangeAction.DELETE, stored(zone, delete, read)));
        }
        for (Changes.Update update : changes.updates()) {
            api.add(change(ChangeAction.DELETE, stored(zone, update.from(), read)));
            api.add(change(ChangeAction.CREATE, wanted(zone, update.to())));
        }
        for (DnsRecord create : changes.creates()) {
            api.add(change(ChangeAction.CREATE, wanted(zone, create)));
        }
        return api;
    }

    private static Change change(ChangeAction action, ResourceRecordSet set) {
        return Change.builder().action(action).resourceRecordSet(set).build();
    }

    /**
     * The set to delete: exactly as it was read when it still is what was read, since Route 53 deletes only
     * on an exact match and our round trip may not reproduce its form (a TXT split at other places, an alias
     * that does not evaluate target health).
     */
    private ResourceRecordSet stored(Zone zone, DnsRecord record, Map<RecordKey, ReadSet> read) {
        ReadSet readSet = read.get(record.key());
        if (readSet != null && readSet.record().equals(record)) {
            return readSet.stored();
        }
        return wanted(zone, record);
    }

    private static ResourceRecordSet wanted(Zone zone, DnsRecord record) {
        if (!record.alias()) {
            return RecordSets.plain(record);
        }
        String target = record.targets().isEmpty() ? "" : record.targets().get(0);
        LoadBalancerZones.LoadBalancer lb = LoadBalancerZones.find(target)
                .orElseThrow(() -> new DnsException("route53 zone " + zone.name() + " (" + zone.id() + "): alias record "
                        + record + " points at \"" + target + "\", which is not an AWS load balancer hostname"
                        + " (expected name.<region>.elb.amazonaws.com or name.elb.<region>.amazonaws.com)"));
        AliasTarget aliasTarget = AliasTarget.builder()
                .hostedZoneId(lb.hostedZoneId())
                .dnsName(DnsNames.canonical(target))
                .evaluateTargetHealth(true)
                .build();
        return RecordSets.alias(record, aliasTarget);
    }

    private void awaitInSync(Zone zone, String changeId) {
        try {
            WaiterResponse<GetChangeResponse> response = waiter.waitUntilResourceRecordSetsChanged(r -> r.id(changeId));
            Optional<Throwable> failure = response.matched().exception();
            if (failure.isPresent()) {
                throw new DnsException("route53 zone " + zone.name() + " (" + zone.id() + "): change " + changeId
                        + " could not be followed to INSYNC: " + cause(failure.get()), failure.get());
            }
        } catch (SdkException e) {
            throw new DnsException("route53 zone " + zone.name() + " (" + zone.id() + "): change " + changeId
                    + " did not reach INSYNC within " + settings.changeWaitTimeout() + ": " + cause(e), e);
        }
    }

    /** The SDK's failure in words, and where the call went. */
    private String cause(Throwable failure) {
        return SdkCauses.describe(failure) + " (endpoint " + endpoint + ")";
    }

    private DnsException failed(Zone zone, SdkException e) {
        return new DnsException("route53 zone " + zone.name() + " (" + zone.id() + "): ChangeResourceRecordSets failed: "
                + cause(e), e);
    }

    private static Route53Waiter waiter(Route53Client client, Route53Settings settings) {
        Duration poll = settings.changePollInterval();
        long polls = settings.changeWaitTimeout().toNanos() / poll.toNanos();
        int attempts = (int) Math.min(Integer.MAX_VALUE - 1L, polls) + 1;
        return Route53Waiter.builder()
                .client(client)
                .overrideConfiguration(WaiterOverrideConfiguration.builder()
                        .maxAttempts(attempts)
                        .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(poll))
                        .waitTimeout(settings.changeWaitTimeout())
                        .build())
                .build();
    }
}
