package dev.gatehouse.cloudlb.azure;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;

/**
 * Azure Resource Manager ids: the ones settings and annotations give are checked for their type, and the
 * ids of a load balancer's parts are written the way Azure writes them, because its parts refer to each
 * other by id (a rule names its frontend, pool and probe).
 */
final class ResourceIds {

    static final String VIRTUAL_NETWORK = "Microsoft.Network/virtualNetworks";
    static final String SUBNET = "Microsoft.Network/virtualNetworks/subnets";
    static final String SECURITY_GROUP = "Microsoft.Network/networkSecurityGroups";
    static final String BACKEND_POOL = "Microsoft.Network/loadBalancers/backendAddressPools";

    private ResourceIds() {
    }

    /**
     * @throws IllegalArgumentException naming {@code what} and the value when it is not an id of that type
     */
    static ResourceId requireType(String what, String id, String type) {
        ResourceId parsed;
        try {
            parsed = id == null ? null : ResourceId.fromString(id);
        } catch (RuntimeException e) {
            parsed = null;
        }
        if (parsed == null || parsed.resourceGroupName() == null || !type.equalsIgnoreCase(parsed.fullResourceType())) {
            throw new IllegalArgumentException(what + " \"" + id + "\": expected the resource id of a " + type
                    + " (/subscriptions/<id>/resourceGroups/<group>/providers/" + example(type) + ")");
        }
        return parsed;
    }

    private static String example(String type) {
        String[] parts = type.split("/");
        StringBuilder path = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            path.append('/').append(parts[i]).append("/<name>");
        }
        return path.toString();
    }

    static String loadBalancer(String subscriptionId, String group, String name) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + group
                + "/providers/Microsoft.Network/loadBalancers/" + name;
    }

    static String publicIp(String subscriptionId, String group, String name) {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + group
                + "/providers/Microsoft.Network/publicIPAddresses/" + name;
    }

    static String frontend(String loadBalancerId, String name) {
        return loadBalancerId + "/frontendIPConfigurations/" + name;
    }

    static String backendPool(String loadBalancerId, String name) {
        return loadBalancerId + "/backendAddressPools/" + name;
    }

    static String probe(String loadBalancerId, String name) {
        return loadBalancerId + "/probes/" + name;
    }

    /** Azure may change the case of the segments it did not name itself ({@code resourcegroups}). */
    static boolean same(String id, String other) {
        return id != null && id.equalsIgnoreCase(other);
    }
}
