package dev.gatehouse.cloud.fake.aws;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatehouse.cloudsdk.testing.Faults;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stateful Route 53 behind {@link Route53Fake}: hosted zones, their record sets in Route 53's order, change
 * batches applied atomically with Route 53's refusals (a CREATE of a set that exists, a DELETE of one that is
 * not there exactly as sent), changes that stay {@code PENDING} for a number of GetChange calls before
 * {@code INSYNC}, record set lists in pages, and seeded faults: 500 InternalFailure, 503 ServiceUnavailable,
 * {@code Throttling} and {@code PriorRequestNotComplete}, resets, and batches applied whose answer is lost.
 */
public final class Route53Model implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "route53-model";

    /** A record set as stored: values in the form the batch sent them. */
    public record Set(String name, String type, Long ttl, List<String> values, String aliasZoneId, String aliasDnsName) {
    }

    private final Map<String, String> zones = new TreeMap<>();
    /** By zone id, then by "name type". */
    private final Map<String, TreeMap<String, Set>> records = new HashMap<>();
    private final Map<String, Integer> pending = new HashMap<>();
    private Faults faults;
    private int pendingPolls;
    private int pageSize = 100;
    private int changes;
    private int batches;

    public synchronized void zone(String id, String name) {
        zones.put(id, name);
        records.put(id, new TreeMap<>());
    }

    public synchronized void faults(Faults value) {
        this.faults = value;
    }

    /** Each change answers PENDING to this many GetChange calls before INSYNC. */
    public synchronized void pendingPolls(int value) {
        this.pendingPolls = value;
    }

    public synchronized void pageSize(int value) {
        this.pageSize = value;
    }

    /** The zone's record sets, by "name type" (names with the final dot). */
    public synchronized Map<String, Set> records(String zoneId) {
        return Map.copyOf(records.get(zoneId));
    }

    /** ChangeResourceRecordSets calls that were applied. */
    public synchronized int appliedBatches() {
        return batches;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        String path = URI.create(request.getUrl()).getPath().substring(Route53Fake.API.length());
        boolean write = request.getMethod().getName().equals("POST");
        Faults.Kind fault = faults == null ? Faults.Kind.NONE : faults.draw(write);
        switch (fault) {
            case SERVER_ERROR:
                return Route53Fake.error(500, "InternalFailure", "An internal error occurred.").build();
            case UNAVAILABLE:
                return Route53Fake.error(503, "ServiceUnavailable", "Service unavailable").build();
            case THROTTLED:
                return faults.nextInt(2) == 0 ? Route53Fake.error(400, "Throttling", "Rate exceeded").build()
                        : Route53Fake.error(400, "PriorRequestNotComplete", "The request was rejected because Route 53"
                                + " was still processing a prior request.").build();
            case RESET:
                return new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            default:
                break;
        }
        ResponseDefinition answer = route(request, path);
        return fault == Faults.Kind.ANSWER_LOST
                ? new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build() : answer;
    }

    private ResponseDefinition route(LoggedRequest request, String path) {
        String[] segments = path.split("/");
        if (path.equals("/hostedzone")) {
            StringBuilder list = new StringBuilder();
            zones.forEach((id, name) -> list.append(Route53Fake.hostedZone(id, name, false)));
            return Route53Fake.xml("<ListHostedZonesResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                    + "<HostedZones>" + list + "</HostedZones><Marker></Marker><IsTruncated>false</IsTruncated>"
                    + "<MaxItems>100</MaxItems></ListHostedZonesResponse>").build();
        }
        if (segments.length == 4 && segments[1].equals("hostedzone") && segments[3].equals("rrset")) {
            return request.getMethod().getName().equals("POST") ? change(segments[2], request.getBodyAsString())
                    : list(segments[2], request);
        }
        if (segments.length == 3 && segments[1].equals("change")) {
            return status(segments[2]);
        }
        return Route53Fake.error(400, "InvalidInput", "unknown request " + path).build();
    }

    private ResponseDefinition list(String zoneId, LoggedRequest request) {
        TreeMap<String, Set> zone = records.get(zoneId);
        if (zone == null) {
            return Route53Fake.error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + zoneId).build();
        }
        String startName = request.queryParameter("name").isPresent() ? request.queryParameter("name").firstValue() : null;
        String startType = request.queryParameter("type").isPresent() ? request.queryParameter("type").firstValue() : "";
        List<Set> sets = new ArrayList<>(startName == null ? zone.values()
                : zone.tailMap(startName + " " + startType, true).values());
        StringBuilder body = new StringBuilder();
        for (Set set : sets.subList(0, Math.min(pageSize, sets.size()))) {
            body.append(set.aliasDnsName() != null
                    ? Route53Fake.aliasSet(set.name(), set.type(), set.aliasZoneId(), set.aliasDnsName(), true)
                    : Route53Fake.recordSet(set.name(), set.type(), set.ttl(), set.values().toArray(String[]::new)));
        }
        boolean truncated = sets.size() > pageSize;
        Set next = truncated ? sets.get(pageSize) : null;
        return Route53Fake.xml("<ListResourceRecordSetsResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                + "<ResourceRecordSets>" + body + "</ResourceRecordSets><IsTruncated>" + truncated + "</IsTruncated>"
                + (next == null ? "" : "<NextRecordName>" + next.name() + "</NextRecordName><NextRecordType>"
                        + next.type() + "</NextRecordType>")
                + "<MaxItems>" + pageSize + "</MaxItems></ListResourceRecordSetsResponse>").build();
    }

    /** Applies the batch whole, or refuses it whole with Route 53's reasons. */
    private ResponseDefinition change(String zoneId, String body) {
        TreeMap<String, Set> zone = records.get(zoneId);
        if (zone == null) {
            return Route53Fake.error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + zoneId).build();
        }
        TreeMap<String, Set> next = new TreeMap<>(zone);
        List<String> reasons = new ArrayList<>();
        for (Route53Fake.SentChange change : Route53Fake.parseBatch(body)) {
            String key = change.name() + " " + change.type();
            Set set = new Set(change.name(), change.type(), change.ttl(), List.copyOf(change.values()),
                    change.aliasZoneId(), change.aliasDnsName());
            String where = "[name='" + change.name() + "', type='" + change.type() + "']";
            switch (change.action()) {
                case "CREATE" -> {
                    if (next.containsKey(key)) {
                        reasons.add("Tried to create resource record set " + where + " but it already exists");
                    } else {
                        next.put(key, set);
                    }
                }
                case "DELETE" -> {
                    Set current = next.get(key);
                    if (current == null) {
                        reasons.add("Tried to delete resource record set " + where + " but it was not found");
                    } else if (!same(current, set)) {
                        reasons.add("Tried to delete resource record set " + where + " but the values provided do"
                                + " not match the current values");
                    } else {
                        next.remove(key);
                    }
                }
                default -> next.put(key, set);
            }
        }
        if (!reasons.isEmpty()) {
            return Route53Fake.invalidChangeBatch(reasons.toArray(String[]::new)).build();
        }
        records.put(zoneId, next);
        batches++;
        String id = "C" + (++changes);
        pending.put(id, pendingPolls);
        return Route53Fake.changeAccepted(id).build();
    }

    private ResponseDefinition status(String changeId) {
        Integer left = pending.get(changeId);
        if (left == null) {
            return Route53Fake.error(404, "NoSuchChange", "Could not find resource with ID: " + changeId).build();
        }
        if (left > 0) {
            pending.put(changeId, left - 1);
            return Route53Fake.changeStatus(changeId, "PENDING").build();
        }
        return Route53Fake.changeStatus(changeId, "INSYNC").build();
    }

    private static boolean same(Set current, Set sent) {
        return java.util.Objects.equals(current.ttl(), sent.ttl())
                && new java.util.HashSet<>(current.values()).equals(new java.util.HashSet<>(sent.values()))
                && java.util.Objects.equals(current.aliasDnsName(), sent.aliasDnsName());
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }
}
