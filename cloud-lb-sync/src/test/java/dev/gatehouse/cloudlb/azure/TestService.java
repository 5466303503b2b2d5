package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.NodeTarget;
import dev.gatehouse.cloudlb.ServicePort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Service of type LoadBalancer as the tests change it step by step; {@link #request()} snapshots it. */
final class TestService {

    static final NodeTarget NODE_1 = node("node-1", "10.0.0.4");
    static final NodeTarget NODE_2 = node("node-2", "10.0.0.5");
    static final NodeTarget NODE_3 = node("node-3", "10.0.0.6");

    private final String name;
    private final String uid;
    private final List<ServicePort> ports = new ArrayList<>();
    private List<NodeTarget> nodes = List.of(NODE_1, NODE_2);
    private boolean internal;
    private List<String> sourceRanges = List.of();
    private int healthCheckNodePort;
    private Optional<String> requestedAddress = Optional.empty();
    private final Map<String, String> annotations = new HashMap<>();

    private TestService(String name, String uid) {
        this.name = name;
        this.uid = uid;
    }

    static TestService named(String name, String uid) {
        return new TestService(name, uid);
    }

    static NodeTarget node(String name, String ip) {
        return new NodeTarget(name, "azure:///subscriptions/" + FakeArm.SUBSCRIPTION + "/resourceGroups/nodes/providers"
                + "/Microsoft.Compute/virtualMachines/" + name, ip);
    }

    TestService port(String protocol, int port, int nodePort) {
        ports.add(new ServicePort(protocol.toLowerCase() + "-" + port, protocol, port, nodePort));
        return this;
    }

    TestService withoutPort(int port) {
        ports.removeIf(p -> p.port() == port);
        return this;
    }

    TestService nodes(NodeTarget... value) {
        nodes = List.of(value);
        return this;
    }

    TestService internal() {
        internal = true;
        return this;
    }

    TestService local(int healthCheckPort) {
        healthCheckNodePort = healthCheckPort;
        return this;
    }

    TestService requesting(String address) {
        requestedAddress = Optional.of(address);
        return this;
    }

    TestService annotation(String key, String value) {
        annotations.put(key, value);
        return this;
    }

    TestService sourceRanges(String... value) {
        sourceRanges = List.of(value);
        return this;
    }

    /** {@code a<uid without dashes>}: the name of the Service's frontend and public IP. */
    String prefix() {
        return "a" + uid.replace("-", "");
    }

    String service() {
        return "default/" + name;
    }

    LoadBalancerRequest request() {
        return new LoadBalancerRequest(FakeArm.CLUSTER, "default", name, uid, ports, nodes, internal, sourceRanges,
                healthCheckNodePort, requestedAddress, annotations, LoadBalancerStatus.none());
    }
}
