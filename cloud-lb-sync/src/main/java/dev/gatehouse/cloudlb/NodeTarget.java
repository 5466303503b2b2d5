package dev.gatehouse.cloudlb;

/**
 * A node that should receive a load balancer's traffic on its NodePorts: ready, schedulable and not
 * labelled {@code node.kubernetes.io/exclude-from-external-load-balancers}.
 *
 * @param name the Node's name
 * @param providerId {@code Node.spec.providerID}, e.g. {@code aws:///us-east-1a/i-0abc...} or an Azure
 *     VM resource id; may be empty on bare metal
 * @param internalIp the node's {@code InternalIP} address
 */
public record NodeTarget(String name, String providerId, String internalIp) implements Comparable<NodeTarget> {

    /** The EC2 instance id at the end of an AWS provider id, or empty when it is not one. */
    public String awsInstanceId() {
        int slash = providerId.lastIndexOf('/');
        String last = slash < 0 ? providerId : providerId.substring(slash + 1);
        return providerId.startsWith("aws://") && last.startsWith("i-") ? last : "";
    }

    @Override
    public int compareTo(NodeTarget other) {
        return name.compareTo(other.name);
    }
}
