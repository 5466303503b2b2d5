package dev.gatehouse.cloud.fake.azure;

import static dev.gatehouse.cloud.fake.azure.ArmResponses.error;
import static dev.gatehouse.cloud.fake.azure.ArmResponses.failure;
import static dev.gatehouse.cloud.fake.azure.ArmResponses.parse;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An in-memory Azure Resource Manager for the network resources the provider uses, answering the
 * requests WireMock hands it: load balancers (and their backend pools as child resources), public IPs,
 * and network security groups' rules. Like the network resource provider it gives every write a new
 * ETag (the children of a resource share the parent's), honours {@code If-Match} and
 * {@code If-None-Match: *} with 412, fills in ids and provisioning states, allocates addresses, and
 * refuses references to parts or public IPs that do not exist, and deleting a public IP a frontend uses.
 */
public final class ArmModel implements ResponseDefinitionTransformerV2 {

    public static final String NAME = "fake-arm";
    public static final ObjectMapper JSON = ArmResponses.JSON;

    /** Top-level resources by their path in lower case; each holds its id with Azure's spelling. */
    private final Map<String, ObjectNode> resources = new HashMap<>();
    private final Map<String, Consumer<ObjectNode>> beforeNextWrite = new HashMap<>();
    private final ArmOperations operations = new ArmOperations();
    private Faults faults;
    private int pageSize;
    private int writes;
    private int etags;
    private int publicAddresses;
    private int privateAddresses;

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    public synchronized void reset() {
        resources.clear();
        beforeNextWrite.clear();
        operations.reset();
        faults = null;
        pageSize = 0;
        writes = 0;
        etags = 0;
        publicAddresses = 0;
        privateAddresses = 0;
    }

    /** Writes become long-running operations (see {@link ArmOperations}); their end can be set there. */
    public synchronized ArmOperations operations() {
        return operations;
    }

    /** Calls fail as {@code faults} draws; a write's long-running operation may end Failed or Canceled too. */
    public synchronized void faults(Faults value) {
        this.faults = value;
    }

    /** Lists answer this many items a page, with a {@code nextLink} to the next; 0 answers all at once. */
    public synchronized void pageSize(int value) {
        this.pageSize = value;
    }

    /** Write requests received so far (PUT, DELETE), answered or not. */
    public synchronized int writes() {
        return writes;
    }

    /** Every resource stored, by its id as Azure spells it: what a test compares with the desired state. */
    public synchronized Map<String, ObjectNode> all() {
        Map<String, ObjectNode> copy = new java.util.TreeMap<>();
        resources.values().forEach(r -> copy.put(r.path("id").asText(), r.deepCopy()));
        return copy;
    }

    /** Puts a resource there as someone else made it (the console, another tool), with a fresh ETag. */
    public synchronized ObjectNode seed(String path, String json) {
        ObjectNode resource = parse(json);
        complete(path, resource);
        resources.put(key(path), resource);
        return resource.deepCopy();
    }

    /** The resource as stored now, or {@code null}; a copy. */
    public synchronized ObjectNode get(String path) {
        ObjectNode resource = resources.get(key(path));
        return resource == null ? null : resource.deepCopy();
    }

    /** Someone else changes the resource out of band; it gets a new ETag. */
    public synchronized void change(String path, Consumer<ObjectNode> change) {
        ObjectNode resource = resources.get(key(path));
        change.accept(resource);
        complete(path, resource);
    }

    /**
     * Someone else writes the resource just before the next PUT to {@code path} arrives, so that one meets a
     * new ETag; for a part (a backend pool) the change is given the resource that holds it.
     */
    public synchronized void beforeNextWrite(String path, Consumer<ObjectNode> change) {
        beforeNextWrite.put(key(path), change);
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        String path = URI.create(request.getUrl()).getPath();
        String[] segments = path.split("/");
        String method = request.getMethod().getName();
        operations.advance();
        if (!method.equals("GET")) {
            writes++;
        }
        Faults.Kind fault = faults == null ? Faults.Kind.NONE : faults.draw(!method.equals("GET"));
        if (fault != Faults.Kind.NONE && fault != Faults.Kind.ANSWER_LOST) {
            return failure(fault);
        }
        ResponseDefinition answer = route(request, path, segments, method);
        return fault == Faults.Kind.ANSWER_LOST
                ? new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build() : answer;
    }

    private ResponseDefinition route(LoggedRequest request, String path, String[] segments, String method) {
        if (ArmOperations.isOperation(segments) && method.equals("GET")) {
            return operations.poll(path);
        }
        if (segments.length == 8 && method.equals("GET")) {
            return list(request, path);
        }
        if (segments.length == 9) {
            return topLevel(method, path, request);
        }
        if (segments.length == 10 && method.equals("GET")) {
            return listChildren(request, path);
        }
        if (segments.length == 11) {
            return child(method, path, request);
        }
        return error(400, "InvalidRequestUri", "The request URI " + path + " is not one the fake knows");
    }

    private ResponseDefinition list(LoggedRequest request, String path) {
        String prefix = key(path) + "/";
        ArrayNode value = JSON.createArrayNode();
        resources.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .sorted(Map.Entry.comparingByKey()).forEach(e -> value.add(e.getValue()));
        return page(request, value);
    }

    /** One page of a list, with the {@code nextLink} ARM gives when more follow (a skip token in the query). */
    private ResponseDefinition page(LoggedRequest request, ArrayNode all) {
        if (pageSize <= 0) {
            return ok(200, JSON.createObjectNode().set("value", all));
        }
        String token = request.queryParameter("$skiptoken").isPresent()
                ? request.queryParameter("$skiptoken").firstValue() : "0";
        int from = Integer.parseInt(token);
        ArrayNode value = JSON.createArrayNode();
        for (int i = from; i < Math.min(all.size(), from + pageSize); i++) {
            value.add(all.get(i));
        }
        ObjectNode body = JSON.createObjectNode().set("value", value);
        if (from + pageSize < all.size()) {
            String url = request.getAbsoluteUrl();
            int query = url.indexOf('?');
            String bare = query < 0 ? url : url.substring(0, query);
            body.put("nextLink", bare + "?api-version=2024-05-01&$skiptoken=" + (from + pageSize));
        }
        return ok(200, body);
    }

    private static String base(LoggedRequest request) {
        URI url = URI.create(request.getAbsoluteUrl());
        return url.getScheme() + "://" + url.getAuthority();
    }

    private ArmOperations.Outcome drawOutcome() {
        if (faults == null || !faults.operationFails()) {
            return ArmOperations.Outcome.succeeded();
        }
        return faults.nextInt(2) == 0
                ? new ArmOperations.Outcome("Failed", "InternalServerError", "An internal error occurred while the"
                        + " operation was processed.")
                : new ArmOperations.Outcome("Canceled", "Canceled", "The operation was canceled.");
    }

    private ResponseDefinition topLevel(String method, String path, LoggedRequest request) {
        String key = key(path);
        ObjectNode current = resources.get(key);
        switch (method) {
            case "GET":
                return current == null ? notFound(path) : ok(200, current);
            case "PUT": {
                current = concurrentWrite(key, current, path);
                ResponseDefinition refused = precondition(request, current);
                if (refused != null) {
                    return refused;
                }
                ObjectNode resource = parse(request.getBodyAsString());
                if (type(path).equals("publicIPAddresses")) {
                    allocatePublicAddress(resource, current);
                }
                if (type(path).equals("loadBalancers")) {
                    ResponseDefinition invalid = checkLoadBalancer(path, resource);
                    if (invalid != null) {
                        return invalid;
                    }
                    allocatePrivateAddresses(resource);
                }
                complete(path, resource);
                resources.put(key, resource);
                if (operations.enabled()) {
                    resource.withObjectProperty("properties").put("provisioningState", "Updating");
                    return operations.start(base(request), "PUT", path, current == null ? 201 : 200, resource,
                            drawOutcome(), outcome -> finish(key, path, outcome, false));
                }
                return ok(current == null ? 201 : 200, resource);
            }
            case "DELETE": {
                if (current == null) {
                    return ResponseDefinition.noContent();
                }
                ResponseDefinition refused = precondition(request, current);
                if (refused != null) {
                    return refused;
                }
                if (type(path).equals("publicIPAddresses") && referenced(current.path("id").asText())) {
                    return error(400, "PublicIPAddressInUseByFrontendIPConfiguration", "Public IP address "
                            + current.path("id").asText() + " can not be deleted since it is still allocated");
                }
                if (operations.enabled()) {
                    current.withObjectProperty("properties").put("provisioningState", "Deleting");
                    return operations.start(base(request), "DELETE", path, 202, null, drawOutcome(),
                            outcome -> finish(key, path, outcome, true));
                }
                resources.remove(key);
                return ResponseDefinition.okEmptyJson();
            }
            default:
                return error(405, "MethodNotAllowed", method + " " + path);
        }
    }

    /** A top-level operation ended: the resource is done, gone, or left {@code Failed} as ARM leaves it. */
    private void finish(String key, String path, ArmOperations.Outcome outcome, boolean delete) {
        ObjectNode resource = resources.get(key);
        if (resource == null) {
            return;
        }
        boolean succeeded = outcome.status().equals("Succeeded");
        if (delete && succeeded) {
            resources.remove(key);
            return;
        }
        complete(path, resource);
        if (!succeeded) {
            resource.withObjectProperty("properties").put("provisioningState", "Failed");
        }
    }

    private ResponseDefinition listChildren(LoggedRequest request, String path) {
        String parentPath = path.substring(0, path.lastIndexOf('/'));
        ObjectNode parent = resources.get(key(parentPath));
        if (parent == null) {
            return notFound(parentPath);
        }
        return page(request, children(parent, childCollection(path)));
    }

    private ResponseDefinition child(String method, String path, LoggedRequest request) {
        int split = path.lastIndexOf('/', path.lastIndexOf('/') - 1);
        String parentPath = path.substring(0, split);
        String collection = childCollection(path);
        String name = path.substring(path.lastIndexOf('/') + 1);
        ObjectNode parent = resources.get(key(parentPath));
        if (parent == null) {
            return notFound(parentPath);
        }
        Consumer<ObjectNode> concurrent = method.equals("PUT") ? beforeNextWrite.remove(key(path)) : null;
        if (concurrent != null) {
            concurrent.accept(parent);
            complete(parentPath, parent);
        }
        ArrayNode children = children(parent, collection);
        int index = indexOf(children, name);
        ObjectNode current = index < 0 ? null : (ObjectNode) children.get(index);
        switch (method) {
            case "GET":
                return current == null ? notFound(path) : ok(200, current);
            case "PUT": {
                ResponseDefinition refused = precondition(request, current);
                if (refused != null) {
                    return refused;
                }
                ObjectNode part = parse(request.getBodyAsString());
                part.put("name", name);
                if (index < 0) {
                    children.add(part);
                } else {
                    children.set(index, part);
                }
                complete(parentPath, parent);
                ObjectNode stored = (ObjectNode) children.get(indexOf(children, name));
                if (operations.enabled()) {
                    stored.withObjectProperty("properties").put("provisioningState", "Updating");
                    return operations.start(base(request), "PUT", path, index < 0 ? 201 : 200, stored, drawOutcome(),
                            outcome -> finishChild(parentPath, collection, name, outcome, false));
                }
                return ok(index < 0 ? 201 : 200, stored);
            }
            case "DELETE": {
                if (current == null) {
                    return ResponseDefinition.noContent();
                }
                if (operations.enabled()) {
                    current.withObjectProperty("properties").put("provisioningState", "Deleting");
                    return operations.start(base(request), "DELETE", path, 202, null, drawOutcome(),
                            outcome -> finishChild(parentPath, collection, name, outcome, true));
                }
                children.remove(index);
                complete(parentPath, parent);
                return ResponseDefinition.okEmptyJson();
            }
            default:
                return error(405, "MethodNotAllowed", method + " " + path);
        }
    }

    private void finishChild(String parentPath, String collection, String name, ArmOperations.Outcome outcome,
                             boolean delete) {
        ObjectNode parent = resources.get(key(parentPath));
        if (parent == null) {
            return;
        }
        ArrayNode children = children(parent, collection);
        int index = indexOf(children, name);
        if (index < 0) {
            return;
        }
        boolean succeeded = outcome.status().equals("Succeeded");
        if (delete && succeeded) {
            children.remove(index);
        }
        complete(parentPath, parent);
        if (!succeeded && indexOf(children, name) >= 0) {
            ((ObjectNode) children.get(indexOf(children, name))).withObjectProperty("properties")
                    .put("provisioningState", "Failed");
        }
    }

    private ObjectNode concurrentWrite(String key, ObjectNode current, String path) {
        Consumer<ObjectNode> change = beforeNextWrite.remove(key);
        if (change != null && current != null) {
            change.accept(current);
            complete(path, current);
        }
        return current;
    }

    private static ResponseDefinition precondition(LoggedRequest request, ObjectNode current) {
        String ifMatch = request.getHeader("If-Match");
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifMatch != null && (current == null || !ifMatch.equals(current.path("etag").asText()))) {
            return error(412, "PreconditionFailed", "Precondition failed: the resource's ETag is "
                    + (current == null ? "(none, it does not exist)" : current.path("etag").asText())
                    + ", the request's If-Match is " + ifMatch);
        }
        if ("*".equals(ifNoneMatch) && current != null) {
            return error(412, "PreconditionFailed", "Precondition failed: the resource exists (If-None-Match: *)");
        }
        return null;
    }

    /** Rules must name a frontend, pool and probe of the same document, and frontends existing public IPs. */
    private ResponseDefinition checkLoadBalancer(String path, ObjectNode loadBalancer) {
        String id = idOf(path).toLowerCase(Locale.ROOT);
        JsonNode properties = loadBalancer.path("properties");
        for (JsonNode frontend : properties.path("frontendIPConfigurations")) {
            String publicIp = frontend.path("properties").path("publicIPAddress").path("id").asText(null);
            if (publicIp != null && !resources.containsKey(publicIp.toLowerCase(Locale.ROOT))) {
                return error(400, "InvalidResourceReference", "Resource " + publicIp + " referenced by resource "
                        + idOf(path) + " was not found");
            }
        }
        for (JsonNode rule : properties.path("loadBalancingRules")) {
            JsonNode ruleProperties = rule.path("properties");
            for (String[] reference : new String[][] {
                {"frontendIPConfiguration", "frontendIPConfigurations"},
                {"backendAddressPool", "backendAddressPools"},
                {"probe", "probes"}}) {
                String target = ruleProperties.path(reference[0]).path("id").asText(null);
                if (target == null) {
                    continue;
                }
                String lower = target.toLowerCase(Locale.ROOT);
                String partsPrefix = id + "/" + reference[1].toLowerCase(Locale.ROOT) + "/";
                if (!lower.startsWith(partsPrefix)
                        || indexOf(properties.path(reference[1]), lower.substring(partsPrefix.length())) < 0) {
                    return error(400, "InvalidResourceReference", "Resource " + target + " referenced by resource "
                            + idOf(path) + "/loadBalancingRules/" + rule.path("name").asText() + " was not found");
                }
            }
        }
        return null;
    }

    private boolean referenced(String publicIpId) {
        for (ObjectNode resource : resources.values()) {
            for (JsonNode frontend : resource.path("properties").path("frontendIPConfigurations")) {
                if (publicIpId.equalsIgnoreCase(frontend.path("properties").path("publicIPAddress").path("id").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private void allocatePublicAddress(ObjectNode resource, ObjectNode current) {
        ObjectNode properties = resource.withObjectProperty("properties");
        String kept = current == null ? null : current.path("properties").path("ipAddress").asText(null);
        if (kept != null) {
            properties.put("ipAddress", kept);
        } else if (!properties.has("ipAddress")) {
            properties.put("ipAddress", "20.50.0." + (++publicAddresses));
        }
    }

    private void allocatePrivateAddresses(ObjectNode loadBalancer) {
        for (JsonNode frontend : loadBalancer.path("properties").path("frontendIPConfigurations")) {
            ObjectNode properties = (ObjectNode) frontend.path("properties");
            if (properties.has("subnet") && !properties.hasNonNull("privateIPAddress")) {
                properties.put("privateIPAddress", "10.240.0." + (100 + ++privateAddresses));
            }
        }
    }

    /** Gives the resource and its parts ids, names, types, the new ETag and a finished provisioning state. */
    private void complete(String path, ObjectNode resource) {
        String etag = "W/\"" + String.format("%08d", ++etags) + "-0000-0000-0000-000000000000\"";
        String id = idOf(path);
        resource.put("id", id);
        resource.put("name", path.substring(path.lastIndexOf('/') + 1));
        resource.put("type", "Microsoft.Network/" + type(path));
        resource.put("etag", etag);
        ObjectNode properties = resource.withObjectProperty("properties");
        properties.put("provisioningState", "Succeeded");
        for (String collection : new String[] {"frontendIPConfigurations", "backendAddressPools",
            "loadBalancingRules", "probes", "securityRules"}) {
            for (JsonNode part : properties.path(collection)) {
                ObjectNode node = (ObjectNode) part;
                node.put("id", id + "/" + collection + "/" + node.path("name").asText());
                node.put("etag", etag);
                node.put("type", "Microsoft.Network/" + type(path) + "/" + collection);
                node.withObjectProperty("properties").put("provisioningState", "Succeeded");
            }
        }
    }

    private static ArrayNode children(ObjectNode parent, String collection) {
        ObjectNode properties = parent.withObjectProperty("properties");
        Iterator<String> names = properties.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (name.equalsIgnoreCase(collection) && properties.get(name).isArray()) {
                return (ArrayNode) properties.get(name);
            }
        }
        return properties.putArray(collection);
    }

    private static int indexOf(JsonNode parts, String name) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).path("name").asText().equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The resource's id as Azure spells it, whatever the case of the request's path. */
    private static String idOf(String path) {
        String[] segments = path.split("/");
        return "/subscriptions/" + segments[2] + "/resourceGroups/" + segments[4] + "/providers/Microsoft.Network/"
                + segments[7] + "/" + segments[8];
    }

    private static String type(String path) {
        return path.split("/")[7];
    }

    private static String childCollection(String path) {
        return path.split("/")[9];
    }

    private static String key(String path) {
        return path.toLowerCase(Locale.ROOT);
    }

    private static ResponseDefinition ok(int status, ObjectNode body) {
        return new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    private static ResponseDefinition notFound(String path) {
        return error(404, "ResourceNotFound", "The Resource 'Microsoft.Network/" + type(path) + "/"
                + path.substring(path.lastIndexOf('/') + 1) + "' under resource group '" + path.split("/")[4]
                + "' was not found.");
    }
}
