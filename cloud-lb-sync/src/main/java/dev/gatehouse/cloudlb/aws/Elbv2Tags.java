package dev.gatehouse.cloudlb.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

/** Reads and repairs the tags of ELBv2 resources (load balancers, listeners, target groups). */
final class Elbv2Tags {

    /** DescribeTags takes at most 20 resources a call. */
    private static final int MAX_ARNS_PER_CALL = 20;

    private final ElasticLoadBalancingV2Client elbv2;

    Elbv2Tags(ElasticLoadBalancingV2Client elbv2) {
        this.elbv2 = elbv2;
    }

    /** The tags of each resource, by ARN; a resource without tags maps to an empty map. */
    Map<String, Map<String, String>> read(AwsCalls calls, Collection<String> arns) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        List<String> all = new ArrayList<>(arns);
        for (int from = 0; from < all.size(); from += MAX_ARNS_PER_CALL) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + MAX_ARNS_PER_CALL));
            List<TagDescription> descriptions = calls.read("DescribeTags", String.join(",", batch),
                    () -> elbv2.describeTags(r -> r.resourceArns(batch)).tagDescriptions());
            for (TagDescription description : descriptions) {
                Map<String, String> map = new TreeMap<>();
                description.tags().forEach(tag -> map.put(tag.key(), tag.value()));
                tags.put(description.resourceArn(), map);
            }
        }
        arns.forEach(arn -> tags.putIfAbsent(arn, Map.of()));
        return tags;
    }

    /**
     * Adds what {@code actual} lacks of the wanted tags; nothing when it lacks nothing. Our ownership tag is there
     * (else the resource would not be ours), so what lacks was taken off, or is a Service's new extra tag.
     *
     * @param kind the resource's kind, for the plan
     */
    void repair(AwsCalls calls, String kind, String arn, ResourceTags wanted, Map<String, String> actual) {
        Map<String, String> missing = wanted.missingFrom(actual);
        if (!missing.isEmpty()) {
            calls.write(Steps.repair(kind, arn, "tags missing: " + missing), "AddTags", arn + " " + missing,
                    () -> elbv2.addTags(r -> r.resourceArns(arn).tags(tags(missing))));
        }
    }

    static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
