package dev.gatehouse.cloudlb.azure;

import com.azure.core.management.SubResource;
import com.azure.resourcemanager.network.models.LoadBalancerBackendAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Addresses of an IP-based backend pool: a node is its InternalIP in the nodes' virtual network, so a
 * node joining or leaving changes one address and nothing on the NICs.
 */
final class BackendAddresses {

    private BackendAddresses() {
    }

    static LoadBalancerBackendAddress of(String name, String ip, String virtualNetworkId) {
        return new LoadBalancerBackendAddress().withName(name).withIpAddress(ip)
                .withVirtualNetwork(new SubResource().withId(virtualNetworkId));
    }

    static List<LoadBalancerBackendAddress> orEmpty(List<LoadBalancerBackendAddress> addresses) {
        return addresses == null ? List.of() : addresses;
    }

    /** Whether both lists hold the same addresses by name, IP and network, in any order. */
    static boolean sameSet(List<LoadBalancerBackendAddress> current, List<LoadBalancerBackendAddress> wanted) {
        return keys(orEmpty(current)).equals(keys(wanted));
    }

    private static Set<String> keys(List<LoadBalancerBackendAddress> addresses) {
        return addresses.stream()
                .map(a -> a.name() + " " + a.ipAddress() + " "
                        + (a.virtualNetwork() == null || a.virtualNetwork().id() == null
                                ? "" : a.virtualNetwork().id().toLowerCase(Locale.ROOT)))
                .collect(Collectors.toSet());
    }
}
