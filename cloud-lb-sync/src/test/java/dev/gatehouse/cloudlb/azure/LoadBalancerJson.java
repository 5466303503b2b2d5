package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloud.fake.azure.ArmModel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads a load balancer's JSON (as the fake holds it, or as a PUT sent it) for the assertions. */
final class LoadBalancerJson {

    private LoadBalancerJson() {
    }

    static JsonNode json(String text) {
        try {
            return ArmModel.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of one kind of part: {@code frontendIPConfigurations}, {@code loadBalancingRules}, ... */
    static List<String> names(JsonNode loadBalancer, String collection) {
        List<String> names = new ArrayList<>();
        loadBalancer.path("properties").path(collection).forEach(part -> names.add(part.path("name").asText()));
        return names;
    }

    /** One part by name, or a missing node. */
    static JsonNode part(JsonNode loadBalancer, String collection, String name) {
        for (JsonNode part : loadBalancer.path("properties").path(collection)) {
            if (part.path("name").asText().equals(name)) {
                return part;
            }
        }
        return MissingNode.getInstance();
    }

    /** A backend pool's addresses as {@code name=ip}, in the pool's order. */
    static List<String> addresses(JsonNode pool) {
        List<String> addresses = new ArrayList<>();
        pool.path("properties").path("loadBalancerBackendAddresses").forEach(address -> addresses.add(
                address.path("name").asText() + "=" + address.path("properties").path("ipAddress").asText()));
        return addresses;
    }

    /** The pool's addresses' virtual networks, one per address. */
    static List<String> addressNetworks(JsonNode pool) {
        List<String> networks = new ArrayList<>();
        pool.path("properties").path("loadBalancerBackendAddresses").forEach(address -> networks.add(
                address.path("properties").path("virtualNetwork").path("id").asText()));
        return networks;
    }

    /** The load balancer without what changes on every write (ETags), to compare two reads. */
    static JsonNode withoutEtags(JsonNode resource) {
        JsonNode copy = resource.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).remove("etag");
        }
        node.forEach(LoadBalancerJson::strip);
    }
}
