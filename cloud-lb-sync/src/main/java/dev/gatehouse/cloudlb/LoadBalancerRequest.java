package dev.gatehouse.cloudlb;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a provider needs to ensure one Service's load balancer, read from the Service and the
 * nodes; providers never read Kubernetes themselves.
 *
 * @param clusterName {@code --cluster-name}: goes into the {@code kubernetes.io/cluster/<name>=owned}
 *     tag and the names of shared resources
 * @param uid the Service's metadata.uid: names per-Service resources, so a re-created Service with the
 *     same name never adopts the old one's
 * @param ports sorted by port
 * @param nodes the nodes to register, sorted by name; for {@code externalTrafficPolicy: Local} only
 *     those with a ready endpoint of the Service
 * @param internal whether the load balancer faces the private network only
 * @param sourceRanges {@code spec.loadBalancerSourceRanges}, CIDRs; empty means everyone
 * @param healthCheckNodePort for {@code externalTrafficPolicy: Local}: the port where kube-proxy answers
 *     {@code /healthz}; 0 otherwise (health checks then probe the NodePort by TCP)
 * @param requestedAddress {@code spec.loadBalancerIP} or the {@code gatehouse.dev/load-balancer-ip}
 *     annotation, when the Service asks for one address
 * @param annotations the Service's annotations, for provider-specific settings (subnets, extra tags, ...)
 * @param currentStatus the addresses the Service's status holds now (for the pool: its allocation)
 */
public record LoadBalancerRequest(String clusterName, String namespace, String name, String uid,
                                  List<ServicePort> ports, List<NodeTarget> nodes, boolean internal,
                                  List<String> sourceRanges, int healthCheckNodePort, Optional<String> requestedAddress,
                                  Map<String, String> annotations, LoadBalancerStatus currentStatus) {

    public LoadBalancerRequest {
        ports = ports.stream().sorted().toList();
        nodes = nodes.stream().sorted().toList();
        sourceRanges = List.copyOf(sourceRanges);
        annotations = Map.copyOf(annotations);
    }

    /** {@code namespace/name}, as logs, events and the {@code gatehouse.dev/service} tag write it. */
    public String service() {
        return namespace + "/" + name;
    }

    public boolean localTrafficPolicy() {
        return healthCheckNodePort > 0;
    }

    /** The Service uid without dashes, for names with a length limit. */
    public String compactUid() {
        return uid.replace("-", "");
    }
}
