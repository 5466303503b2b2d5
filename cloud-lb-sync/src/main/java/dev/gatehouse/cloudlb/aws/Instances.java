package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.NodeTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The EC2 instances behind a Service's nodes, read from their provider ids. */
final class Instances {

    private static final Logger LOG = LoggerFactory.getLogger(Instances.class);

    private Instances() {
    }

    /**
     * The instance ids of the nodes. A node whose provider id names no EC2 instance cannot be a target;
     * it is logged and left out rather than failing the Service for the nodes that can.
     */
    static SortedSet<String> of(LoadBalancerRequest request, AwsCalls calls) {
        return of(request.nodes(), calls);
    }

    static SortedSet<String> of(List<NodeTarget> nodes, AwsCalls calls) {
        SortedSet<String> ids = new TreeSet<>();
        List<String> skipped = new ArrayList<>();
        for (NodeTarget node : nodes) {
            String id = node.awsInstanceId();
            if (id.isEmpty()) {
                skipped.add(node.name() + " (providerID \"" + node.providerId() + "\")");
            } else {
                ids.add(id);
            }
        }
        if (!skipped.isEmpty()) {
            LOG.warn("{}: nodes {} are left out: their providerID names no EC2 instance (expected: aws:///<zone>/i-...)",
                    calls.subject(), skipped);
        }
        return ids;
    }
}
