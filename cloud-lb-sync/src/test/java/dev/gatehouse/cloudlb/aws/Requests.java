package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.FakeEc2;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.NodeTarget;
import dev.gatehouse.cloudlb.ServicePort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the requests the reconciler would send, and seeds the subnets they land in. */
final class Requests {

    static final String CLUSTER = "prod";
    static final String UID = "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
    /** What {@link Names} makes of {@link #UID}. */
    static final String LB_NAME = "gh-6f1e2d3c4b5a49788695a4b3c2d1e";
    static final String TG_PREFIX = "gh-6f1e2d3c4b5a49788-";

    private Requests() {
    }

    static Builder web() {
        return new Builder("default", "web").port("TCP", 80, 30080);
    }

    /** A Service of this name in {@code default} on TCP port 80 to NodePort 30080. */
    static Builder named(String name) {
        return new Builder("default", name).port("TCP", 80, 30080);
    }

    /**
     * Subnets as a cluster's VPC has them: two public ones of ours in zone a (the lower id wins), one shared in
     * zone b, one of another cluster in zone c, two internal ones, and one without tags.
     */
    static void seedSubnets(FakeEc2 ec2) {
        String ours = ResourceTags.CLUSTER_KEY_PREFIX + CLUSTER;
        ec2.subnet("subnet-0a2", "vpc-1", "us-east-1a", Map.of(Subnets.PUBLIC_ROLE_TAG, "1", ours, "owned"));
        ec2.subnet("subnet-0a1", "vpc-1", "us-east-1a", Map.of(Subnets.PUBLIC_ROLE_TAG, "1", ours, "owned"));
        ec2.subnet("subnet-0b1", "vpc-1", "us-east-1b", Map.of(Subnets.PUBLIC_ROLE_TAG, "", ours, "shared"));
        ec2.subnet("subnet-0c1", "vpc-1", "us-east-1c",
                Map.of(Subnets.PUBLIC_ROLE_TAG, "1", ResourceTags.CLUSTER_KEY_PREFIX + "other", "owned"));
        ec2.subnet("subnet-1a1", "vpc-1", "us-east-1a", Map.of(Subnets.INTERNAL_ROLE_TAG, "1", ours, "owned"));
        ec2.subnet("subnet-1b1", "vpc-1", "us-east-1b", Map.of(Subnets.INTERNAL_ROLE_TAG, "1", ours, "owned"));
        ec2.subnet("subnet-9z9", "vpc-1", "us-east-1a", Map.of());
        ec2.subnet("subnet-2a1", "vpc-2", "us-east-1a", Map.of());
    }

    static NodeTarget node(String name, String instanceId) {
        return new NodeTarget(name, "aws:///us-east-1a/" + instanceId, "10.0.1." + (name.hashCode() & 0x7f));
    }

    static final class Builder {
        private final String namespace;
        private final String name;
        private String uid = UID;
        private final List<ServicePort> ports = new ArrayList<>();
        private final List<NodeTarget> nodes = new ArrayList<>();
        private boolean internal;
        private List<String> sourceRanges = List.of();
        private int healthCheckNodePort;
        private final Map<String, String> annotations = new LinkedHashMap<>();

        private Builder(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }

        Builder uid(String value) {
            this.uid = value;
            return this;
        }

        Builder port(String protocol, int port, int nodePort) {
            ports.add(new ServicePort("p" + port + protocol.toLowerCase(), protocol, port, nodePort));
            return this;
        }

        Builder noPorts() {
            ports.clear();
            return this;
        }

        /** Nodes {@code node-<id>} with instance ids {@code i-<id>}. */
        Builder nodes(String... ids) {
            for (String id : ids) {
                nodes.add(Requests.node("node-" + id, "i-" + id));
            }
            return this;
        }

        Builder node(NodeTarget node) {
            nodes.add(node);
            return this;
        }

        Builder internal() {
            this.internal = true;
            return this;
        }

        Builder sourceRanges(String... ranges) {
            this.sourceRanges = List.of(ranges);
            return this;
        }

        Builder localTrafficPolicy(int healthCheckNodePort) {
            this.healthCheckNodePort = healthCheckNodePort;
            return this;
        }

        Builder annotation(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        LoadBalancerRequest build() {
            return new LoadBalancerRequest(CLUSTER, namespace, name, uid, ports, nodes, internal, sourceRanges,
                    healthCheckNodePort, Optional.empty(), annotations, LoadBalancerStatus.none());
        }
    }
}
