package dev.gatehouse.cloudlb;

import java.util.List;

/**
 * What goes into {@code status.loadBalancer.ingress}: hostnames for AWS, IP addresses for Azure and the
 * pool.
 */
public record LoadBalancerStatus(List<String> ips, List<String> hostnames) {

    public LoadBalancerStatus {
        ips = ips.stream().sorted().distinct().toList();
        hostnames = hostnames.stream().sorted().distinct().toList();
    }

    public static LoadBalancerStatus none() {
        return new LoadBalancerStatus(List.of(), List.of());
    }

    public static LoadBalancerStatus ip(String ip) {
        return new LoadBalancerStatus(List.of(ip), List.of());
    }

    public static LoadBalancerStatus hostname(String hostname) {
        return new LoadBalancerStatus(List.of(), List.of(hostname));
    }

    public boolean isEmpty() {
        return ips.isEmpty() && hostnames.isEmpty();
    }
}
