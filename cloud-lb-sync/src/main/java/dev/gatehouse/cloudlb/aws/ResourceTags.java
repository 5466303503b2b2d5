package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerRequest;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The tags on everything we create for a Service: {@code kubernetes.io/cluster/<cluster>=owned} (what makes a
 * resource ours: nothing without it is ever changed or deleted), {@code gatehouse.dev/service=<namespace>/<name>}
 * (so that the AWS console tells whose it is), and the extra tags of the {@value AwsProviders#TAGS_ANNOTATION}
 * annotation ({@code k1=v1,k2=v2}).
 *
 * <p>Tags are added and corrected, never removed: a tag that is no longer in the annotation cannot be told apart
 * from one somebody added by hand, so both stay.
 */
final class ResourceTags {

    static final String CLUSTER_KEY_PREFIX = "kubernetes.io/cluster/";
    static final String SERVICE_KEY = "gatehouse.dev/service";
    static final String OWNED = "owned";
    private static final int MAX_KEY_CHARS = 128;
    private static final int MAX_VALUE_CHARS = 256;

    private final String clusterKey;
    private final SortedMap<String, String> tags;

    private ResourceTags(String clusterKey, SortedMap<String, String> tags) {
        this.clusterKey = clusterKey;
        this.tags = Collections.unmodifiableSortedMap(tags);
    }

    /** All of the Service's tags, the annotation's included. */
    static ResourceTags of(LoadBalancerRequest request, AwsCalls calls) {
        ResourceTags ownership = ownership(request, calls);
        SortedMap<String, String> all = new TreeMap<>(ownership.tags);
        String annotation = request.annotations().get(AwsProviders.TAGS_ANNOTATION);
        if (annotation != null) {
            for (String entry : annotation.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                int equals = entry.indexOf('=');
                String key = equals < 0 ? entry.trim() : entry.substring(0, equals).trim();
                String value = equals < 0 ? "" : entry.substring(equals + 1).trim();
                String problem = equals < 0 ? "has no \"=\""
                        : key.isEmpty() ? "has an empty key"
                        : key.length() > MAX_KEY_CHARS ? "has a key longer than " + MAX_KEY_CHARS + " characters"
                        : value.length() > MAX_VALUE_CHARS ? "has a value longer than " + MAX_VALUE_CHARS + " characters"
                        : key.startsWith("aws:") ? "uses the prefix \"aws:\", which AWS reserves"
                        : key.startsWith(CLUSTER_KEY_PREFIX) || key.equals(SERVICE_KEY) ? "sets a tag Gatehouse owns"
                        : null;
                if (problem != null) {
                    throw calls.refuse("annotation " + AwsProviders.TAGS_ANNOTATION + " \"" + annotation + "\": entry \""
                            + entry.trim() + "\" " + problem + " (expected: key=value,key=value)");
                }
                all.put(key, value);
            }
        }
        return new ResourceTags(ownership.clusterKey, all);
    }

    /**
     * Only the tags that prove ownership and name the Service: enough to recognize what is ours, and what
     * deletion relies on, so that a broken tags annotation never keeps a Service's load balancer alive.
     */
    static ResourceTags ownership(LoadBalancerRequest request, AwsCalls calls) {
        if (request.clusterName() == null || request.clusterName().isBlank()) {
            throw calls.refuse("the cluster name is empty (expected: --cluster-name, which goes into the tag "
                    + CLUSTER_KEY_PREFIX + "<cluster-name>=owned)");
        }
        String clusterKey = CLUSTER_KEY_PREFIX + request.clusterName();
        SortedMap<String, String> tags = new TreeMap<>();
        tags.put(clusterKey, OWNED);
        tags.put(SERVICE_KEY, request.service());
        return new ResourceTags(clusterKey, tags);
    }

    String clusterKey() {
        return clusterKey;
    }

    /** Key to value, sorted by key. */
    SortedMap<String, String> all() {
        return tags;
    }

    /** Whether {@code actual} (a resource's tags) marks the resource as this cluster's. */
    boolean owns(Map<String, String> actual) {
        return OWNED.equals(actual.get(clusterKey));
    }

    /** The tags that {@code actual} lacks or holds with another value. */
    SortedMap<String, String> missingFrom(Map<String, String> actual) {
        SortedMap<String, String> missing = new TreeMap<>();
        tags.forEach((key, value) -> {
            if (!value.equals(actual.get(key))) {
                missing.put(key, value);
            }
        });
        return missing;
    }

    /** How a refusal names the ownership tag: {@code kubernetes.io/cluster/prod=owned}. */
    String ownershipTag() {
        return clusterKey + "=" + OWNED;
    }
}
