package dev.gatehouse.cloud.fake.azure;

import static dev.gatehouse.cloud.fake.azure.ArmResponses.error;
import static dev.gatehouse.cloud.fake.azure.ArmResponses.failure;
import static dev.gatehouse.cloud.fake.azure.ArmResponses.parse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gatehouse.cloudsdk.testing.Faults;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A stateful Azure DNS (ARM, api-version 2018-05-01) behind WireMock: zones of one resource group, their record
 * sets with a fresh ETag on every write, {@code If-Match} / {@code If-None-Match: *} refused with 412
 * {@code PreconditionFailed}, record set and zone lists paged with {@code nextLink}, and seeded faults (500, 503,
 * 429 with {@code Retry-After}, resets, writes applied whose answer is lost). Record set writes are synchronous in
 * ARM's DNS API (a PUT answers 200 or 201, a DELETE 200 or 204), so unlike the load-balancer fake there are no
 * long-running operations to poll: only zone deletion is one, and the sync never deletes zones.
 */
public final class AzureDnsModel implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "azure-dns-model";
    private static final ObjectMapper JSON = ArmResponses.JSON;

    /** By zone name, then by "TYPE/relative name" (lower case, as ARM matches names). */
    private final Map<String, TreeMap<String, ObjectNode>> zones = new TreeMap<>();
    private Faults faults;
    private int pageSize = 100;
    private int etags;
    private int appliedWrites;
    private int preconditionsFailed;

    public synchronized void zone(String name) {
        zones.put(name, new TreeMap<>());
        // every Azure zone is born with these; the sync must leave them alone
        store(name, "SOA", "@", parse("{\"properties\":{\"TTL\":3600,\"SOARecord\":{\"host\":\"ns1-01.azure-dns.com.\","
                + "\"email\":\"azuredns-hostmaster.microsoft.com\",\"serialNumber\":1,\"refreshTime\":3600,"
                + "\"retryTime\":300,\"expireTime\":2419200,\"minimumTTL\":300}}}"));
        store(name, "NS", "@", parse("{\"properties\":{\"TTL\":172800,\"NSRecords\":[{\"nsdname\":\"ns1-01.azure-dns.com.\"}]}}"));
    }

    public synchronized void faults(Faults value) {
        this.faults = value;
    }

    public synchronized void pageSize(int value) {
        this.pageSize = value;
    }

    /** The zone's record sets as ARM would return them, by "TYPE/relative name". */
    public synchronized Map<String, ObjectNode> recordSets(String zone) {
        Map<String, ObjectNode> copy = new TreeMap<>();
        zones.get(zone).forEach((key, set) -> copy.put(key, set.deepCopy()));
        return copy;
    }

    /** PUTs and DELETEs that changed a record set. */
    public synchronized int appliedWrites() {
        return appliedWrites;
    }

    public synchronized int preconditionsFailed() {
        return preconditionsFailed;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        String method = request.getMethod().getName();
        Faults.Kind fault = faults == null ? Faults.Kind.NONE : faults.draw(!method.equals("GET"));
        if (fault != Faults.Kind.NONE && fault != Faults.Kind.ANSWER_LOST) {
            return failure(fault);
        }
        ResponseDefinition answer = route(request, URI.create(request.getUrl()).getPath(), method);
        return fault == Faults.Kind.ANSWER_LOST
                ? new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build() : answer;
    }

    private ResponseDefinition route(LoggedRequest request, String path, String method) {
        String[] segments = path.split("/");
        if (segments.length < 8 || !segments[7].equalsIgnoreCase("dnszones")) {
            return error(400, "InvalidRequestUri", "The request URI " + path + " is not one the fake knows");
        }
        if (segments.length == 8 && method.equals("GET")) {
            List<ObjectNode> all = new ArrayList<>();
            zones.keySet().forEach(zone -> all.add(zoneJson(segments, zone)));
            return page(request, all);
        }
        TreeMap<String, ObjectNode> zone = segments.length > 8 ? zones.get(segments[8].toLowerCase(Locale.ROOT)) : null;
        if (zone == null) {
            return error(404, "ParentResourceNotFound", "Can not perform requested operation on nested resource."
                    + " Parent resource '" + (segments.length > 8 ? segments[8] : "") + "' not found.");
        }
        if (segments.length == 10 && segments[9].equalsIgnoreCase("recordsets") && method.equals("GET")) {
            return page(request, new ArrayList<>(zone.values()));
        }
        if (segments.length == 11) {
            String key = key(segments[9], segments[10]);
            return switch (method) {
                case "GET" -> zone.containsKey(key) ? ok(200, zone.get(key))
                        : error(404, "NotFound", "The resource record '" + segments[10] + "' does not exist in"
                                + " resource group '" + segments[4] + "' of subscription '" + segments[2] + "'.");
                case "PUT" -> put(request, segments, zone, key);
                case "DELETE" -> delete(request, zone, key);
                default -> error(405, "MethodNotAllowed", method + " is not allowed on a record set");
            };
        }
        return error(400, "InvalidRequestUri", "The request URI " + path + " is not one the fake knows");
    }

    private ResponseDefinition put(LoggedRequest request, String[] segments, TreeMap<String, ObjectNode> zone,
            String key) {
        ObjectNode current = zone.get(key);
        ResponseDefinition refused = precondition(request, current);
        if (refused != null) {
            return refused;
        }
        ObjectNode body = parse(request.getBodyAsString());
        ObjectNode stored = store(segments[8].toLowerCase(Locale.ROOT), segments[9].toUpperCase(Locale.ROOT),
                segments[10], body);
        appliedWrites++;
        return ok(current == null ? 201 : 200, stored);
    }

    private ResponseDefinition delete(LoggedRequest request, TreeMap<String, ObjectNode> zone, String key) {
        ObjectNode current = zone.get(key);
        ResponseDefinition refused = precondition(request, current);
        if (refused != null) {
            return refused;
        }
        if (current == null) {
            return new ResponseDefinitionBuilder().withStatus(204).build();
        }
        zone.remove(key);
        appliedWrites++;
        return new ResponseDefinitionBuilder().withStatus(200).build();
    }

    private ResponseDefinition precondition(LoggedRequest request, ObjectNode current) {
        String ifMatch = request.getHeader("If-Match");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifMatch != null && (current == null || !ifMatch.equals(current.path("etag").asText()))) {
            preconditionsFailed++;
            return error(412, "PreconditionFailed", "The condition '" + ifMatch + "' in the If-Match header was not"
                    + " satisfied. The current was '" + (current == null ? "n/a" : current.path("etag").asText())
                    + "'.");
        }
        if ("*".equals(ifNoneMatch) && current != null) {
            preconditionsFailed++;
            return error(412, "PreconditionFailed", "The Record set " + current.path("name").asText()
                    + " exists already and hence cannot be created again.");
        }
        return null;
    }

    /** Stores the set under a new ETag with the fields ARM fills in (id, fqdn, provisioning state). */
    private ObjectNode store(String zone, String type, String relativeName, ObjectNode body) {
        String name = relativeName.toLowerCase(Locale.ROOT);
        ObjectNode set = JSON.createObjectNode();
        set.put("id", ArmDnsStub.zoneId(ArmDnsStub.GROUP, zone) + "/" + type + "/" + name);
        set.put("name", name);
        set.put("type", "Microsoft.Network/dnszones/" + type);
        set.put("etag", String.format("%08x-0000-4000-8000-%012d", ++etags, etags));
        ObjectNode properties = body.path("properties").isObject()
                ? ((ObjectNode) body.get("properties")).deepCopy() : JSON.createObjectNode();
        properties.put("fqdn", ("@".equals(name) ? zone : name + "." + zone) + ".");
        properties.put("provisioningState", "Succeeded");
        set.set("properties", properties);
        zones.get(zone).put(key(type, name), set);
        return set;
    }

    /** One page of a list with ARM's {@code nextLink} when more follow. */
    private ResponseDefinition page(LoggedRequest request, List<ObjectNode> all) {
        int from = request.queryParameter("$skipToken").isPresent()
                ? Integer.parseInt(request.queryParameter("$skipToken").firstValue()) : 0;
        ArrayNode value = JSON.createArrayNode();
        all.subList(Math.min(from, all.size()), Math.min(all.size(), from + pageSize)).forEach(value::add);
        ObjectNode body = JSON.createObjectNode().set("value", value);
        if (from + pageSize < all.size()) {
            String url = request.getAbsoluteUrl();
            int query = url.indexOf('?');
            body.put("nextLink", (query < 0 ? url : url.substring(0, query)) + "?api-version=2018-05-01&$skipToken="
                    + (from + pageSize));
        }
        return ok(200, body);
    }

    private static ObjectNode zoneJson(String[] segments, String zone) {
        return parse(ArmDnsStub.zoneJson(segments[4], zone));
    }

    private static String key(String type, String relativeName) {
        return type.toUpperCase(Locale.ROOT) + "/" + relativeName.toLowerCase(Locale.ROOT);
    }

    private static ResponseDefinition ok(int status, ObjectNode body) {
        return new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json").withHeader("ETag", body.path("etag").asText())
                .withBody(body.toString()).build();
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
