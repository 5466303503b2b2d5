package dev.gatehouse.cloud.fake.aws;

import static dev.gatehouse.cloud.fake.aws.AwsQueryFake.el;
import static dev.gatehouse.cloud.fake.aws.AwsQueryFake.items;

import dev.gatehouse.cloud.fake.aws.AwsQueryFake.AwsError;
import dev.gatehouse.cloud.fake.aws.AwsQueryFake.Call;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** The part of EC2 the providers use: subnets (seeded by tests) and security groups with their inbound rules. */
public final class FakeEc2 implements AwsQueryFake.Api {

    public static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

    public record Subnet(String id, String vpcId, String zone, Map<String, String> tags) {
    }

    /** One inbound CIDR rule of a group. */
    public record Rule(String protocol, int port, String cidr) implements Comparable<Rule> {

        @Override
        public int compareTo(Rule other) {
            return Comparator.comparing(Rule::protocol).thenComparingInt(Rule::port).thenComparing(Rule::cidr)
                    .compare(this, other);
        }

        @Override
        public String toString() {
            return protocol + "/" + port + " " + cidr;
        }
    }

    public static final class Group {
        public final String id;
        public final String name;
        public final String vpcId;
        public final String description;
        public final Map<String, String> tags = new TreeMap<>();
        public final SortedSet<Rule> rules = new TreeSet<>();

        Group(String id, String name, String vpcId, String description) {
            this.id = id;
            this.name = name;
            this.vpcId = vpcId;
            this.description = description;
        }
    }

    private final Map<String, Subnet> subnets = new TreeMap<>();
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private Predicate<String> inUse = group -> false;
    private EventualConsistency consistency = new EventualConsistency();
    private int nextId = 1;

    public synchronized void consistency(EventualConsistency value) {
        this.consistency = value;
    }

    public void inUse(Predicate<String> test) {
        this.inUse = test;
    }

    public synchronized void subnet(String id, String vpcId, String zone, Map<String, String> tags) {
        subnets.put(id, new Subnet(id, vpcId, zone, Map.copyOf(tags)));
    }

    public synchronized String vpcOf(String subnetId) {
        Subnet subnet = subnets.get(subnetId);
        if (subnet == null) {
            throw new AwsError(400, "SubnetNotFound", "The subnet ID '" + subnetId + "' does not exist");
        }
        return subnet.vpcId();
    }

    public synchronized String zoneOf(String subnetId) {
        return subnets.get(subnetId).zone();
    }

    /** A group made outside the providers (by somebody else). */
    public synchronized Group addGroup(String name, String vpcId, Map<String, String> tags) {
        Group group = new Group("sg-" + String.format("%017x", nextId++), name, vpcId, "made by hand");
        group.tags.putAll(tags);
        groups.put(group.id, group);
        return group;
    }

    public synchronized Optional<Group> groupNamed(String name) {
        return groups.values().stream().filter(group -> group.name.equals(name)).findFirst();
    }

    public synchronized List<Group> groups() {
        return List.copyOf(groups.values());
    }

    @Override
    public synchronized String handle(Call call) {
        return switch (call.action()) {
            case "DescribeSubnets" -> describeSubnets(call);
            case "DescribeSecurityGroups" -> describeSecurityGroups(call);
            case "CreateSecurityGroup" -> createSecurityGroup(call);
            case "AuthorizeSecurityGroupIngress" -> changeRules(call, true);
            case "RevokeSecurityGroupIngress" -> changeRules(call, false);
            case "DeleteSecurityGroup" -> deleteSecurityGroup(call);
            case "CreateTags" -> createTags(call);
            default -> throw new AwsError(400, "InvalidAction", "The action " + call.action() + " is not valid");
        };
    }

    private String describeSubnets(Call call) {
        List<String> ids = call.list("SubnetId");
        List<String> rendered = new ArrayList<>();
        for (String id : ids) {
            if (!subnets.containsKey(id)) {
                throw new AwsError(400, "InvalidSubnetID.NotFound", "The subnet ID '" + id + "' does not exist");
            }
        }
        for (Subnet subnet : subnets.values()) {
            if ((ids.isEmpty() || ids.contains(subnet.id())) && matches(call, subnet.tags(), Map.of())) {
                rendered.add(el("subnetId", subnet.id()) + el("state", "available") + el("vpcId", subnet.vpcId())
                        + el("availabilityZone", subnet.zone()) + tagSet(subnet.tags()));
            }
        }
        return items("subnetSet", rendered);
    }

    private String describeSecurityGroups(Call call) {
        List<String> ids = call.list("GroupId");
        List<String> rendered = new ArrayList<>();
        for (Group group : groups.values()) {
            if ((ids.isEmpty() || ids.contains(group.id))
                    && matches(call, group.tags, Map.of("group-name", group.name, "vpc-id", group.vpcId))
                    && (!ids.isEmpty() || consistency.shows(group.id))) {
                rendered.add(render(group));
            }
        }
        return items("securityGroupInfo", rendered);
    }

    private String createSecurityGroup(Call call) {
        String name = call.param("GroupName");
        String vpcId = call.param("VpcId");
        if (groups.values().stream().anyMatch(group -> group.name.equals(name) && group.vpcId.equals(vpcId))) {
            throw new AwsError(400, "InvalidGroup.Duplicate", "The security group '" + name + "' already exists for VPC '"
                    + vpcId + "'");
        }
        Group group = new Group("sg-" + String.format("%017x", nextId++), name, vpcId, call.param("GroupDescription"));
        if ("security-group".equals(call.param("TagSpecification.1.ResourceType"))) {
            group.tags.putAll(call.map("TagSpecification.1.Tag", "Key", "Value"));
        }
        groups.put(group.id, group);
        consistency.created(group.id);
        return el("groupId", group.id) + tagSet(group.tags);
    }

    private String changeRules(Call call, boolean authorize) {
        Group group = existing(call.param("GroupId"));
        List<Rule> rules = new ArrayList<>();
        for (int p = 1; call.params().containsKey("IpPermissions." + p + ".IpProtocol"); p++) {
            String prefix = "IpPermissions." + p;
            String protocol = call.param(prefix + ".IpProtocol");
            int from = Integer.parseInt(call.param(prefix + ".FromPort"));
            int to = Integer.parseInt(call.param(prefix + ".ToPort"));
            if (from != to) {
                throw new AwsError(400, "InvalidParameterValue", "the fake keeps single-port rules only");
            }
            for (int r = 1; call.params().containsKey(prefix + ".IpRanges." + r + ".CidrIp"); r++) {
                rules.add(new Rule(protocol, from, call.param(prefix + ".IpRanges." + r + ".CidrIp")));
            }
            for (int r = 1; call.params().containsKey(prefix + ".Ipv6Ranges." + r + ".CidrIpv6"); r++) {
                rules.add(new Rule(protocol, from, call.param(prefix + ".Ipv6Ranges." + r + ".CidrIpv6")));
            }
        }
        for (Rule rule : rules) {
            if (authorize && group.rules.contains(rule)) {
                throw new AwsError(400, "InvalidPermission.Duplicate", "the specified rule \"" + rule + "\" already exists");
            }
            if (!authorize && !group.rules.contains(rule)) {
                throw new AwsError(400, "InvalidPermission.NotFound", "the specified rule \"" + rule + "\" does not exist");
            }
        }
        if (authorize) {
            group.rules.addAll(rules);
        } else {
            rules.forEach(group.rules::remove);
        }
        return el("return", "true");
    }

    private String deleteSecurityGroup(Call call) {
        Group group = existing(call.param("GroupId"));
        if (inUse.test(group.id)) {
            throw new AwsError(400, "DependencyViolation", "resource " + group.id + " has a dependent object");
        }
        groups.remove(group.id);
        return el("return", "true") + el("groupId", group.id);
    }

    private String createTags(Call call) {
        Map<String, String> tags = call.map("Tag", "Key", "Value");
        for (String id : call.list("ResourceId")) {
            existing(id).tags.putAll(tags);
        }
        return el("return", "true");
    }

    private Group existing(String id) {
        Group group = groups.get(id);
        if (group == null) {
            throw new AwsError(400, "InvalidGroup.NotFound", "The security group '" + id + "' does not exist");
        }
        return group;
    }

    /** Whether the resource passes every {@code Filter.N} of the call: tag-key, tag:KEY, or a named attribute. */
    private static boolean matches(Call call, Map<String, String> tags, Map<String, String> attributes) {
        for (int f = 1; call.params().containsKey("Filter." + f + ".Name"); f++) {
            String name = call.param("Filter." + f + ".Name");
            List<String> values = call.list("Filter." + f + ".Value");
            boolean match;
            if (name.equals("tag-key")) {
                match = values.stream().anyMatch(tags::containsKey);
            } else if (name.startsWith("tag:")) {
                match = values.contains(tags.get(name.substring(4)));
            } else if (attributes.containsKey(name)) {
                match = values.contains(attributes.get(name));
            } else {
                throw new AwsError(400, "InvalidParameterValue", "The filter '" + name + "' is invalid");
            }
            if (!match) {
                return false;
            }
        }
        return true;
    }

    private static String render(Group group) {
        Map<String, List<Rule>> byPort = new TreeMap<>();
        group.rules.forEach(rule -> byPort.computeIfAbsent(rule.protocol() + "/" + rule.port(), k -> new ArrayList<>())
                .add(rule));
        List<String> permissions = new ArrayList<>();
        for (List<Rule> same : byPort.values()) {
            Rule first = same.get(0);
            List<String> v4 = same.stream().filter(r -> !r.cidr().contains(":")).map(r -> el("cidrIp", r.cidr())).toList();
            List<String> v6 = same.stream().filter(r -> r.cidr().contains(":")).map(r -> el("cidrIpv6", r.cidr())).toList();
            permissions.add(el("ipProtocol", first.protocol()) + el("fromPort", first.port()) + el("toPort", first.port())
                    + items("groups", List.of()) + items("ipRanges", v4) + items("ipv6Ranges", v6)
                    + items("prefixListIds", List.of()));
        }
        String egress = el("ipProtocol", "-1") + items("groups", List.of())
                + items("ipRanges", List.of(el("cidrIp", "0.0.0.0/0"))) + items("ipv6Ranges", List.of())
                + items("prefixListIds", List.of());
        return el("ownerId", "123456789012") + el("groupId", group.id) + el("groupName", group.name)
                + el("groupDescription", group.description) + el("vpcId", group.vpcId)
                + items("ipPermissions", permissions) + items("ipPermissionsEgress", List.of(egress)) + tagSet(group.tags);
    }

    private static String tagSet(Map<String, String> tags) {
        return items("tagSet", tags.entrySet().stream().map(e -> el("key", e.getKey()) + el("value", e.getValue())).toList());
    }
}
