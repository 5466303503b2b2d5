package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.ServicePort;
import java.util.Locale;

/**
 * The names of what one Service has in Azure, all derived from its uid so that a Service re-created
 * under the same name never adopts the old one's: {@code a<uid without dashes>} for its public IP, its
 * frontend (and, with {@code externalTrafficPolicy: Local}, its own backend pool), and
 * {@code a<uid>-<PROTOCOL>-<port>} for each port's rule, probe and security rule. The leading letter is
 * there because Azure names must start with one.
 *
 * <p>On a shared load balancer, exactly the parts whose names carry this prefix are the Service's.
 *
 * @param cluster the cluster name: the shared load balancers are {@code <cluster>} and
 *     {@code <cluster>-internal}, and their backend pool of all nodes is {@code <cluster>}
 * @param prefix {@code a<uid without dashes>}
 * @param subject how messages name the Service: {@code azure service <namespace>/<name>}
 */
record ServiceNames(String cluster, String prefix, String subject) {

    private static final String INTERNAL_SUFFIX = "-internal";

    static ServiceNames of(LoadBalancerRequest request) {
        return new ServiceNames(request.clusterName(), "a" + request.compactUid().toLowerCase(Locale.ROOT),
                "azure service " + request.service());
    }

    String loadBalancer(boolean internal) {
        return internal ? cluster + INTERNAL_SUFFIX : cluster;
    }

    String clusterPool() {
        return cluster;
    }

    String publicIp() {
        return prefix;
    }

    String frontend() {
        return prefix;
    }

    String ownPool() {
        return prefix;
    }

    /** {@code a3f2...-TCP-80}: the rule, the probe and the security rule of one port. */
    String port(ServicePort port) {
        return prefix + "-" + port.protocol().toUpperCase(Locale.ROOT) + "-" + port.port();
    }

    /** Whether a part of a shared resource is this Service's; Azure compares names without case. */
    boolean owns(String name) {
        if (name == null) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals(prefix) || lower.startsWith(prefix + "-");
    }
}
