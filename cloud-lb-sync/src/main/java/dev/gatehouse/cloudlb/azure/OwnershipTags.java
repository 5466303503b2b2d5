package dev.gatehouse.cloudlb.azure;

import java.util.Map;

/**
 * The tags that mark what the provider made. Azure tag names cannot hold {@code /}, so the Kubernetes
 * cloud-provider convention {@code kubernetes.io/cluster/<cluster>=owned} is written
 * {@code kubernetes.io-cluster-<cluster>=owned}, and {@code gatehouse.dev/service} is written
 * {@code gatehouse.dev-service}; the values are unchanged. Nothing without the cluster tag is ever changed
 * or deleted.
 */
final class OwnershipTags {

    static final String OWNED = "owned";
    static final String SERVICE = "gatehouse.dev-service";

    private OwnershipTags() {
    }

    static String clusterKey(String cluster) {
        return "kubernetes.io-cluster-" + cluster;
    }

    static Map<String, String> loadBalancer(String cluster) {
        return Map.of(clusterKey(cluster), OWNED);
    }

    static Map<String, String> publicIp(String cluster, String service) {
        return Map.of(clusterKey(cluster), OWNED, SERVICE, service);
    }

    /** Azure keeps tag names as written but compares them without case, and so does this. */
    static boolean ownedBy(Map<String, String> tags, String cluster) {
        if (tags == null) {
            return false;
        }
        String key = clusterKey(cluster);
        return tags.entrySet().stream().anyMatch(tag -> tag.getKey().equalsIgnoreCase(key)
                && OWNED.equalsIgnoreCase(tag.getValue()));
    }

    /** Whether {@code tags} hold every one of {@code wanted}; tags others added are left alone. */
    static boolean holdsAll(Map<String, String> tags, Map<String, String> wanted) {
        return tags != null && wanted.entrySet().stream().allMatch(want -> tags.entrySet().stream()
                .anyMatch(tag -> tag.getKey().equalsIgnoreCase(want.getKey()) && want.getValue().equals(tag.getValue())));
    }
}
