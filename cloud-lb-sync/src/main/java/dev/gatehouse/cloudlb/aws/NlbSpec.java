package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a Service's network load balancer should be, from the request alone: a listener per Service port, each
 * forwarding to the target group of its NodePort, and the security group's rules.
 *
 * <p>A TCP and a UDP port with the same number (a DNS Service) share one {@code TCP_UDP} listener and target
 * group, because an NLB takes one listener per port; Kubernetes gives them one NodePort, and when it does not
 * they cannot share and the request is refused.
 *
 * <p>Health checks: TCP on the traffic port (the NodePort) by default; for {@code externalTrafficPolicy: Local},
 * HTTP {@code /healthz} on the {@code healthCheckNodePort}, where kube-proxy answers 200 only on nodes with a
 * ready endpoint of the Service. AWS allows no UDP health check, so a UDP-only target group with the Cluster
 * policy is checked by TCP on its NodePort too, where nothing answers: every target then counts as unhealthy and
 * the NLB, failing open, sends to all of them. {@code externalTrafficPolicy: Local} gives UDP Services a real check.
 */
record NlbSpec(List<Listener> listeners, List<TargetGroup> targetGroups, SortedSet<IngressRule> ingress) {

    static final String TRAFFIC_PORT = "traffic-port";
    static final String HEALTHZ = "/healthz";

    /** @param protocol {@code TCP}, {@code UDP} or {@code TCP_UDP} */
    record Listener(String protocol, int port, String targetGroup) {
    }

    /** @param healthCheckPath empty for a TCP health check */
    record TargetGroup(String name, String protocol, int nodePort, String healthCheckProtocol, String healthCheckPort,
                       String healthCheckPath) {
    }

    static NlbSpec of(LoadBalancerRequest request, Names names, AwsCalls calls) {
        if (request.ports().isEmpty()) {
            throw calls.refuse("the Service has no ports (expected: at least one port for the load balancer to listen on)");
        }
        Map<Integer, List<ServicePort>> byPort = new TreeMap<>();
        for (ServicePort port : request.ports()) {
            String protocol = port.protocol().toUpperCase(Locale.ROOT);
            if (!protocol.equals("TCP") && !protocol.equals("UDP")) {
                throw calls.refuse("port " + port.port() + "/" + port.protocol()
                        + " has a protocol a network load balancer does not forward (expected: TCP or UDP)");
            }
            byPort.computeIfAbsent(port.port(), p -> new ArrayList<>()).add(port);
        }
        boolean local = request.localTrafficPolicy();
        List<Listener> listeners = new ArrayList<>();
        Map<String, TargetGroup> targetGroups = new TreeMap<>();
        SortedSet<IngressRule> ingress = new TreeSet<>();
        List<String> sources = request.sourceRanges().isEmpty() ? List.of("0.0.0.0/0") : request.sourceRanges();
        for (List<ServicePort> same : byPort.values()) {
            ServicePort first = same.get(0);
            String protocol = first.protocol().toUpperCase(Locale.ROOT);
            if (same.size() > 1) {
                ServicePort second = same.get(1);
                if (first.nodePort() != second.nodePort()) {
                    throw calls.refuse("ports " + describe(first) + " and " + describe(second) + " share port "
                            + first.port() + " but not their NodePort (expected: one NodePort, since a network load"
                            + " balancer forwards a port to one target group)");
                }
                protocol = "TCP_UDP";
            }
            String targetGroup = names.targetGroup(protocol, first.nodePort());
            listeners.add(new Listener(protocol, first.port(), targetGroup));
            targetGroups.put(targetGroup, local
                    ? new TargetGroup(targetGroup, protocol, first.nodePort(), "HTTP",
                            String.valueOf(request.healthCheckNodePort()), HEALTHZ)
                    : new TargetGroup(targetGroup, protocol, first.nodePort(), "TCP", TRAFFIC_PORT, ""));
            for (ServicePort port : same) {
                for (String source : sources) {
                    try {
                        ingress.add(new IngressRule(port.protocol().toLowerCase(Locale.ROOT), port.port(), source));
                    } catch (IllegalArgumentException e) {
                        throw calls.refuse("loadBalancerSourceRanges: " + e.getMessage());
                    }
                }
            }
        }
        return new NlbSpec(List.copyOf(listeners), List.copyOf(targetGroups.values()), ingress);
    }

    private static String describe(ServicePort port) {
        return port.port() + "/" + port.protocol() + " (NodePort " + port.nodePort() + ")";
    }
}
