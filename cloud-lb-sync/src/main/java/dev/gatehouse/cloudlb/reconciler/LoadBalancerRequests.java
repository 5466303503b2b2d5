package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.NodeTarget;
import dev.gatehouse.cloudlb.ServicePort;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Provider requests from Kubernetes objects: which Services are ours, which nodes take traffic. Pure. */
final class LoadBalancerRequests {

    static final String EXCLUDE_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";
    /** Any of these set to "true" makes the load balancer internal; the last two as the cloud providers spell them. */
    static final List<String> INTERNAL = List.of("gatehouse.dev/load-balancer-internal",
            "gatehouse.dev/aws-load-balancer-internal", "service.beta.kubernetes.io/aws-load-balancer-internal",
            "service.beta.kubernetes.io/azure-load-balancer-internal");
    static final String REQUESTED_IP = "gatehouse.dev/load-balancer-ip";
    private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private LoadBalancerRequests() {
    }

    /** A Service of type LoadBalancer whose class is ours, not being deleted. */
    static boolean wantsLoadBalancer(Service service, LbSettings settings) {
        if (service.getSpec() == null || !"LoadBalancer".equals(service.getSpec().getType())
                || service.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        String lbClass = service.getSpec().getLoadBalancerClass();
        return LbSettings.CLASS.equals(lbClass) || lbClass == null && settings.defaultClass();
    }

    /** Ready, schedulable nodes not excluded from external load balancers, sorted by name. */
    static List<NodeTarget> eligible(List<Node> nodes) {
        List<NodeTarget> targets = new ArrayList<>();
        for (Node node : nodes) {
            Map<String, String> labels = node.getMetadata().getLabels();
            boolean excluded = labels != null && labels.containsKey(EXCLUDE_LABEL);
            boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
            if (excluded || unschedulable || !ready(node) || node.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            String providerId = node.getSpec() == null || node.getSpec().getProviderID() == null ? ""
                    : node.getSpec().getProviderID();
            targets.add(new NodeTarget(node.getMetadata().getName(), providerId, internalIp(node)));
        }
        targets.sort(null);
        return targets;
    }

    static LoadBalancerRequest request(Service service, List<NodeTarget> eligible, List<EndpointSlice> slices,
                                       LbSettings settings) {
        List<ServicePort> ports = new ArrayList<>();
        for (io.fabric8.kubernetes.api.model.ServicePort port : list(service.getSpec().getPorts())) {
            if (port.getNodePort() != null && port.getNodePort() > 0) {
                ports.add(new ServicePort(port.getName() == null ? "" : port.getName(),
                        port.getProtocol() == null ? "TCP" : port.getProtocol(), port.getPort(), port.getNodePort()));
            }
        }
        Map<String, String> annotations = map(service.getMetadata().getAnnotations());
        boolean local = "Local".equals(service.getSpec().getExternalTrafficPolicy());
        int healthPort = local && service.getSpec().getHealthCheckNodePort() != null
                ? service.getSpec().getHealthCheckNodePort() : 0;
        List<NodeTarget> nodes = local ? withReadyEndpoints(service, eligible, slices) : eligible;
        Optional<String> requested = Optional.ofNullable(annotations.get(REQUESTED_IP))
                .or(() -> Optional.ofNullable(service.getSpec().getLoadBalancerIP()))
                .filter(ip -> !ip.isBlank());
        return new LoadBalancerRequest(settings.clusterName(), service.getMetadata().getNamespace(),
                service.getMetadata().getName(), service.getMetadata().getUid(), ports, nodes,
                INTERNAL.stream().anyMatch(key -> "true".equals(annotations.get(key))), list(service.getSpec().getLoadBalancerSourceRanges()),
                healthPort, requested, annotations, status(service));
    }

    static LoadBalancerStatus status(Service service) {
        List<String> ips = new ArrayList<>();
        List<String> hostnames = new ArrayList<>();
        if (service.getStatus() != null && service.getStatus().getLoadBalancer() != null) {
            for (LoadBalancerIngress ingress : list(service.getStatus().getLoadBalancer().getIngress())) {
                if (ingress.getIp() != null && !ingress.getIp().isBlank()) {
                    ips.add(ingress.getIp());
                }
                if (ingress.getHostname() != null && !ingress.getHostname().isBlank()) {
                    hostnames.add(ingress.getHostname());
                }
            }
        }
        return new LoadBalancerStatus(ips, hostnames);
    }

    /**
     * For {@code externalTrafficPolicy: Local} a node without a ready endpoint of the Service drops the
     * traffic, so only nodes hosting one are registered; the health check on healthCheckNodePort catches
     * the moments in between.
     */
    private static List<NodeTarget> withReadyEndpoints(Service service, List<NodeTarget> eligible,
                                                       List<EndpointSlice> slices) {
        Set<String> hosting = new HashSet<>();
        for (EndpointSlice slice : slices) {
            Map<String, String> labels = map(slice.getMetadata().getLabels());
            if (!service.getMetadata().getNamespace().equals(slice.getMetadata().getNamespace())
                    || !service.getMetadata().getName().equals(labels.get(SERVICE_NAME_LABEL))) {
                continue;
            }
            for (Endpoint endpoint : list(slice.getEndpoints())) {
                // a terminating endpoint that still serves keeps its node until the load balancer drained it
                boolean ready = endpoint.getConditions() == null || !Boolean.FALSE.equals(endpoint.getConditions().getReady())
                        || Boolean.TRUE.equals(endpoint.getConditions().getServing());
                if (ready && endpoint.getNodeName() != null) {
                    hosting.add(endpoint.getNodeName());
                }
            }
        }
        return eligible.stream().filter(node -> hosting.contains(node.name())).toList();
    }

    private static boolean ready(Node node) {
        if (node.getStatus() == null) {
            return false;
        }
        for (NodeCondition condition : list(node.getStatus().getConditions())) {
            if ("Ready".equals(condition.getType())) {
                return "True".equals(condition.getStatus());
            }
        }
        return false;
    }

    private static String internalIp(Node node) {
        if (node.getStatus() == null) {
            return "";
        }
        for (NodeAddress address : list(node.getStatus().getAddresses())) {
            if ("InternalIP".equals(address.getType())) {
                return address.getAddress();
            }
        }
        return "";
    }

    private static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> map(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
