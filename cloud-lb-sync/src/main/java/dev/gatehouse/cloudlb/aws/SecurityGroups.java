package dev.gatehouse.cloudlb.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The security group in front of one Service's load balancer: its inbound rules are the load balancer's ports
 * from {@code loadBalancerSourceRanges} (everyone when empty), and nothing else. The group is ours, so rules on
 * it that are not wanted are revoked; only CIDR rules are compared, so a rule naming another group or a prefix
 * list, which we never write, is left alone.
 */
final class SecurityGroups {

    private static final Set<String> GONE = Set.of("InvalidGroup.NotFound", "InvalidGroupId.NotFound");

    private static final String DUPLICATE = "InvalidGroup.Duplicate";

    private final Ec2Client ec2;
    private final RecentCreates recent;

    SecurityGroups(Ec2Client ec2, RecentCreates recent) {
        this.ec2 = ec2;
        this.recent = recent;
    }

    /** Creates or repairs the group {@code name} in {@code vpcId}; returns its id. */
    String ensure(AwsCalls calls, String name, String vpcId, String description, SortedSet<IngressRule> rules,
            ResourceTags tags) {
        List<SecurityGroup> found = named(calls, name, vpcId);
        String groupId;
        Set<IngressRule> present;
        if (found.isEmpty()) {
            groupId = calls.write(Steps.create(Steps.SECURITY_GROUP, name, "in " + vpcId), AwsCalls.PLANNED,
                    "CreateSecurityGroup", name + " in " + vpcId, () -> create(name, vpcId, description, tags));
            present = Set.of();
        } else {
            SecurityGroup group = found.get(0);
            groupId = group.groupId();
            Map<String, String> actual = tagMap(group.tags());
            if (!tags.owns(actual)) {
                throw calls.refuse("security group " + groupId + " named " + name + " in " + vpcId + " is not tagged "
                        + tags.ownershipTag() + ": it is not ours, and it is left untouched");
            }
            calls.adoptIfAttempted(recent, name, Steps.adopt(Steps.SECURITY_GROUP, groupId));
            Map<String, String> missing = tags.missingFrom(actual);
            if (!missing.isEmpty()) {
                calls.write(Steps.repair(Steps.SECURITY_GROUP, groupId, "tags missing: " + missing), "CreateTags", "security group " + groupId + " " + missing,
                        () -> ec2.createTags(r -> r.resources(groupId).tags(ec2Tags(missing))));
            }
            present = rules(group);
        }
        SortedSet<IngressRule> authorize = new TreeSet<>(rules);
        authorize.removeAll(present);
        SortedSet<IngressRule> revoke = new TreeSet<>(present);
        revoke.removeAll(rules);
        if (!authorize.isEmpty()) {
            calls.write(Steps.update(Steps.INGRESS_RULES, name, "allow " + shown(authorize)), "AuthorizeSecurityGroupIngress", "security group " + groupId + " " + authorize,
                    () -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId)
                            .ipPermissions(permissions(authorize, tags.all().get(ResourceTags.SERVICE_KEY)))));
        }
        if (!revoke.isEmpty()) {
            calls.write(Steps.update(Steps.INGRESS_RULES, name, "revoke " + shown(revoke)), "RevokeSecurityGroupIngress", "security group " + groupId + " " + revoke,
                    () -> ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permissions(revoke, null))));
        }
        return groupId;
    }

    /**
     * A retry of a create whose answer was lost meets the group the first attempt made: EC2 says it is a
     * duplicate, and the group exists though no describe may show it yet.
     */
    private String create(String name, String vpcId, String description, ResourceTags tags) {
        recent.attempting(name);
        try {
            String groupId = ec2.createSecurityGroup(r -> r.groupName(name).vpcId(vpcId).description(description)
                    .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.SECURITY_GROUP)
                            .tags(ec2Tags(tags.all())).build())).groupId();
            recent.created(name, groupId);
            return groupId;
        } catch (SdkException e) {
            if (DUPLICATE.equals(AwsCalls.code(e))) {
                recent.existsWithUnknownId(name);
            }
            throw e;
        }
    }

    /** Whether a group of this name and ours exists in any VPC. */
    boolean exists(AwsCalls calls, String name, ResourceTags tags) {
        return named(calls, name, null).stream().anyMatch(group -> tags.owns(tagMap(group.tags())));
    }

    /**
     * Deletes the groups of this name that are ours, in any VPC (the load balancer that told which is gone by
     * now). EC2 refuses while the deleted load balancer's network interfaces still hold the group; that failure
     * goes to the reconciler, which tries again later.
     */
    void ensureDeleted(AwsCalls calls, String name, ResourceTags tags) {
        List<SecurityGroup> listed = named(calls, name, null);
        Optional<String> unlisted = recent.unlisted(name);
        if (listed.isEmpty() && unlisted.isPresent()) {
            if (unlisted.get().equals(RecentCreates.ID_UNKNOWN)) {
                throw calls.refuse("security group " + name + " was made, but EC2 does not list it yet; its deletion"
                        + " waits until it does");
            }
            calls.writeUnlessGone(Steps.delete(Steps.SECURITY_GROUP, unlisted.get(), "made here and not listed by EC2 yet"),
                    "DeleteSecurityGroup", "security group " + unlisted.get() + " named " + name
                    + " (made, not listed yet)", GONE, () -> ec2.deleteSecurityGroup(r -> r.groupId(unlisted.get())));
            if (!calls.planning()) {
                recent.settled(name);
            }
        }
        for (SecurityGroup group : listed) {
            if (tags.owns(tagMap(group.tags()))) {
                calls.writeUnlessGone(Steps.delete(Steps.SECURITY_GROUP, group.groupId(),
                        "the Service no longer has a load balancer of ours"),
                        "DeleteSecurityGroup", "security group " + group.groupId() + " named " + name,
                        GONE, () -> ec2.deleteSecurityGroup(r -> r.groupId(group.groupId())));
            }
        }
    }

    private List<SecurityGroup> named(AwsCalls calls, String name, String vpcId) {
        List<Filter> filters = new ArrayList<>();
        filters.add(Filter.builder().name("group-name").values(name).build());
        if (vpcId != null) {
            filters.add(Filter.builder().name("vpc-id").values(vpcId).build());
        }
        List<SecurityGroup> found = calls.read("DescribeSecurityGroups", "security group " + name
                + (vpcId == null ? "" : " in " + vpcId),
                () -> ec2.describeSecurityGroupsPaginator(r -> r.filters(filters)).securityGroups().stream().toList());
        if (!found.isEmpty()) {
            recent.settled(name);
        }
        return found;
    }

    /** Rules as a plan shows them: {@code tcp/443 from 0.0.0.0/0}. */
    private static List<String> shown(Set<IngressRule> rules) {
        return rules.stream().map(rule -> rule.protocol() + "/" + rule.port() + " from " + rule.cidr()).toList();
    }

    private static Set<IngressRule> rules(SecurityGroup group) {
        Set<IngressRule> rules = new TreeSet<>();
        for (IpPermission permission : group.ipPermissions()) {
            if (permission.fromPort() == null || !permission.fromPort().equals(permission.toPort())) {
                continue;
            }
            for (IpRange range : permission.ipRanges()) {
                rules.add(new IngressRule(permission.ipProtocol(), permission.fromPort(), range.cidrIp()));
            }
            for (Ipv6Range range : permission.ipv6Ranges()) {
                rules.add(new IngressRule(permission.ipProtocol(), permission.fromPort(), range.cidrIpv6()));
            }
        }
        return rules;
    }

    /** One permission per protocol and port, as the console shows them. */
    private static List<IpPermission> permissions(Set<IngressRule> rules, String service) {
        Map<String, List<IngressRule>> byPort = rules.stream().collect(
                Collectors.groupingBy(rule -> rule.protocol() + "/" + rule.port(), TreeMap::new, Collectors.toList()));
        List<IpPermission> permissions = new ArrayList<>();
        for (List<IngressRule> same : byPort.values()) {
            IngressRule first = same.get(0);
            String description = service == null ? null : "Gatehouse " + service + " port " + first.port();
            permissions.add(IpPermission.builder()
                    .ipProtocol(first.protocol()).fromPort(first.port()).toPort(first.port())
                    .ipRanges(same.stream().filter(rule -> !rule.ipv6())
                            .map(rule -> IpRange.builder().cidrIp(rule.cidr()).description(description).build()).toList())
                    .ipv6Ranges(same.stream().filter(IngressRule::ipv6)
                            .map(rule -> Ipv6Range.builder().cidrIpv6(rule.cidr()).description(description).build())
                            .toList())
                    .build());
        }
        return permissions;
    }

    static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }

    private static List<Tag> ec2Tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
