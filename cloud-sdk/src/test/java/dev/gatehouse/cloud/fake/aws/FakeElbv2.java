package dev.gatehouse.cloud.fake.aws;

import static dev.gatehouse.cloud.fake.aws.AwsQueryFake.el;
import static dev.gatehouse.cloud.fake.aws.AwsQueryFake.members;

import dev.gatehouse.cloud.fake.aws.AwsQueryFake.AwsError;
import dev.gatehouse.cloud.fake.aws.AwsQueryFake.Call;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The part of Elastic Load Balancing v2 the providers use: load balancers, listeners, target groups with their
 * targets, and tags on all three. Deregistered targets stay {@code draining}, as in AWS; unfiltered listings come
 * in pages of {@link #pageSize} so that the SDK's paginators are exercised.
 */
public final class FakeElbv2 implements AwsQueryFake.Api {

    public static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private static final String ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:";

    public static final class LoadBalancer {
        public final String arn;
        public final String name;
        public final String type;
        public String scheme;
        public final String vpcId;
        public final String dnsName;
        public final List<String> subnets;
        public List<String> securityGroups;
        public final Map<String, String> tags = new TreeMap<>();

        LoadBalancer(String arn, String name, String type, String scheme, String vpcId, String dnsName,
                List<String> subnets, List<String> securityGroups) {
            this.arn = arn;
            this.name = name;
            this.type = type;
            this.scheme = scheme;
            this.vpcId = vpcId;
            this.dnsName = dnsName;
            this.subnets = subnets;
            this.securityGroups = securityGroups;
        }
    }

    public static final class Listener {
        public final String arn;
        public final String loadBalancerArn;
        public String protocol;
        public int port;
        public String targetGroupArn;
        public final Map<String, String> tags = new TreeMap<>();

        Listener(String arn, String loadBalancerArn, String protocol, int port, String targetGroupArn) {
            this.arn = arn;
            this.loadBalancerArn = loadBalancerArn;
            this.protocol = protocol;
            this.port = port;
            this.targetGroupArn = targetGroupArn;
        }
    }

    public static final class TargetGroup {
        public final String arn;
        public final String name;
        public final String protocol;
        public final int port;
        public final String vpcId;
        public final String targetType;
        public String healthCheckProtocol;
        public String healthCheckPort;
        public String healthCheckPath;
        public final Map<String, String> tags = new TreeMap<>();
        /** {@code id:port} to state ({@code healthy}, {@code draining}). */
        public final Map<String, String> targets = new TreeMap<>();

        TargetGroup(String arn, String name, String protocol, int port, String vpcId, String targetType) {
            this.arn = arn;
            this.name = name;
            this.protocol = protocol;
            this.port = port;
            this.vpcId = vpcId;
            this.targetType = targetType;
        }

        /** The targets registered and not draining, as {@code id:port}. */
        public List<String> active() {
            return targets.entrySet().stream().filter(e -> !e.getValue().equals("draining")).map(Map.Entry::getKey)
                    .toList();
        }
    }

    private final FakeEc2 ec2;
    private final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
    private final Map<String, Listener> listeners = new LinkedHashMap<>();
    private final Map<String, TargetGroup> targetGroups = new LinkedHashMap<>();
    private EventualConsistency consistency = new EventualConsistency();
    private int pageSize = 2;
    private int nextId = 1;

    FakeElbv2(FakeEc2 ec2) {
        this.ec2 = ec2;
    }

    // --- seeding and inspection, for tests

    /** A load balancer made outside the providers, with the given tags. */
    public synchronized LoadBalancer addLoadBalancer(String name, String scheme, String subnet, Map<String, String> tags) {
        LoadBalancer lb = newLoadBalancer(name, "network", scheme, List.of(subnet), List.of());
        lb.tags.putAll(tags);
        return lb;
    }

    /** A target group made outside the providers (in the console), with targets already registered. */
    public synchronized TargetGroup addTargetGroup(String name, String targetType, String vpcId, String... targets) {
        TargetGroup group = new TargetGroup(ARN + "targetgroup/" + name + "/" + id(), name, "TCP", 80, vpcId, targetType);
        for (String target : targets) {
            group.targets.put(target, "healthy");
        }
        targetGroups.put(group.arn, group);
        return group;
    }

    /** A listener made outside the providers, without tags. */
    public synchronized Listener addListener(String loadBalancerArn, int port, String targetGroupArn) {
        Listener listener = new Listener(loadBalancerArn.replace(":loadbalancer/", ":listener/") + "/" + id(),
                loadBalancerArn, "TCP", port, targetGroupArn);
        listeners.put(listener.arn, listener);
        return listener;
    }

    public synchronized Optional<LoadBalancer> loadBalancer(String name) {
        return loadBalancers.values().stream().filter(lb -> lb.name.equals(name)).findFirst();
    }

    public synchronized List<LoadBalancer> loadBalancers() {
        return List.copyOf(loadBalancers.values());
    }

    public synchronized List<Listener> listeners(String loadBalancerArn) {
        return listeners.values().stream().filter(l -> l.loadBalancerArn.equals(loadBalancerArn)).toList();
    }

    public synchronized void removeListener(String arn) {
        listeners.remove(arn);
    }

    public synchronized List<TargetGroup> targetGroups() {
        return List.copyOf(targetGroups.values());
    }

    public synchronized Optional<TargetGroup> targetGroup(String name) {
        return targetGroups.values().stream().filter(group -> group.name.equals(name)).findFirst();
    }

    public synchronized boolean usesSecurityGroup(String groupId) {
        return loadBalancers.values().stream().anyMatch(lb -> lb.securityGroups.contains(groupId));
    }

    public synchronized void consistency(EventualConsistency value) {
        this.consistency = value;
    }

    public synchronized void pageSize(int size) {
        this.pageSize = size;
    }

    // --- the API

    @Override
    public synchronized String handle(Call call) {
        return switch (call.action()) {
            case "DescribeLoadBalancers" -> describeLoadBalancers(call);
            case "CreateLoadBalancer" -> createLoadBalancer(call);
            case "DeleteLoadBalancer" -> deleteLoadBalancer(call);
            case "SetSecurityGroups" -> setSecurityGroups(call);
            case "DescribeTags" -> describeTags(call);
            case "AddTags" -> addTags(call);
            case "DescribeListeners" -> describeListeners(call);
            case "CreateListener" -> createListener(call);
            case "ModifyListener" -> modifyListener(call);
            case "DeleteListener" -> deleteListener(call);
            case "DescribeTargetGroups" -> describeTargetGroups(call);
            case "CreateTargetGroup" -> createTargetGroup(call);
            case "ModifyTargetGroup" -> modifyTargetGroup(call);
            case "DeleteTargetGroup" -> deleteTargetGroup(call);
            case "DescribeTargetHealth" -> describeTargetHealth(call);
            case "RegisterTargets" -> registerTargets(call, true);
            case "DeregisterTargets" -> registerTargets(call, false);
            default -> throw new AwsError(400, "InvalidAction", "The action " + call.action() + " is not valid");
        };
    }

    private String describeLoadBalancers(Call call) {
        List<String> names = call.list("Names.member");
        List<LoadBalancer> found = new ArrayList<>();
        for (String name : names) {
            found.add(loadBalancer(name).filter(lb -> consistency.shows(lb.arn)).orElseThrow(() -> notFound(
                    "LoadBalancerNotFound", "Load balancers '[" + name + "]' not found")));
        }
        if (names.isEmpty()) {
            loadBalancers.values().stream().filter(lb -> consistency.shows(lb.arn)).forEach(found::add);
        }
        return members("LoadBalancers", found.stream().map(FakeElbv2::render).toList());
    }

    private String createLoadBalancer(Call call) {
        String name = call.param("Name");
        List<String> subnets = call.list("Subnets.member");
        Optional<LoadBalancer> existing = loadBalancer(name);
        if (existing.isPresent()) {
            // AWS makes CreateLoadBalancer idempotent: the same name with the same settings answers the one there
            LoadBalancer lb = existing.get();
            if (lb.scheme.equals(call.params().getOrDefault("Scheme", "internet-facing"))
                    && lb.type.equals(call.param("Type")) && lb.subnets.equals(subnets)) {
                return members("LoadBalancers", List.of(render(lb)));
            }
            throw new AwsError(400, "DuplicateLoadBalancerName", "A load balancer with the same name '" + name
                    + "' exists, but with different settings");
        }
        LoadBalancer lb = newLoadBalancer(name, call.param("Type"), call.params().getOrDefault("Scheme", "internet-facing"),
                subnets, call.list("SecurityGroups.member"));
        lb.tags.putAll(call.map("Tags.member", "Key", "Value"));
        consistency.created(lb.arn);
        return members("LoadBalancers", List.of(render(lb)));
    }

    private LoadBalancer newLoadBalancer(String name, String type, String scheme, List<String> subnets,
            List<String> securityGroups) {
        if (subnets.isEmpty()) {
            throw new AwsError(400, "ValidationError", "At least one subnet must be specified");
        }
        String id = id();
        String arn = ARN + "loadbalancer/net/" + name + "/" + id;
        LoadBalancer lb = new LoadBalancer(arn, name, type, scheme, ec2.vpcOf(subnets.get(0)),
                name + "-" + id + ".elb.us-east-1.amazonaws.com", List.copyOf(subnets), List.copyOf(securityGroups));
        loadBalancers.put(arn, lb);
        return lb;
    }

    private String deleteLoadBalancer(Call call) {
        // AWS answers success for a load balancer that is already gone.
        String arn = call.param("LoadBalancerArn");
        loadBalancers.remove(arn);
        listeners.values().removeIf(listener -> listener.loadBalancerArn.equals(arn));
        return "";
    }

    private String setSecurityGroups(Call call) {
        LoadBalancer lb = existingLoadBalancer(call.param("LoadBalancerArn"));
        if (lb.securityGroups.isEmpty()) {
            throw new AwsError(400, "InvalidConfigurationRequest",
                    "You cannot set security groups on a Network Load Balancer which was created without any");
        }
        lb.securityGroups = call.list("SecurityGroups.member");
        return members("SecurityGroupIds", lb.securityGroups.stream().map(AwsQueryFake::xml).toList());
    }

    private String describeTags(Call call) {
        List<String> rendered = new ArrayList<>();
        for (String arn : call.list("ResourceArns.member")) {
            Map<String, String> tags = tagsOf(arn);
            rendered.add(el("ResourceArn", arn) + members("Tags", tags.entrySet().stream()
                    .map(e -> el("Key", e.getKey()) + el("Value", e.getValue())).toList()));
        }
        return members("TagDescriptions", rendered);
    }

    private String addTags(Call call) {
        Map<String, String> tags = call.map("Tags.member", "Key", "Value");
        for (String arn : call.list("ResourceArns.member")) {
            tagsOf(arn).putAll(tags);
        }
        return "";
    }

    private Map<String, String> tagsOf(String arn) {
        if (loadBalancers.containsKey(arn)) {
            return loadBalancers.get(arn).tags;
        }
        if (listeners.containsKey(arn)) {
            return listeners.get(arn).tags;
        }
        if (targetGroups.containsKey(arn)) {
            return targetGroups.get(arn).tags;
        }
        throw notFound("LoadBalancerNotFound", "Resource '" + arn + "' not found");
    }

    private String describeListeners(Call call) {
        LoadBalancer lb = existingLoadBalancer(call.param("LoadBalancerArn"));
        List<String> rendered = listeners(lb.arn).stream().map(FakeElbv2::render).toList();
        return page(call, "Listeners", rendered);
    }

    private String createListener(Call call) {
        LoadBalancer lb = existingLoadBalancer(call.param("LoadBalancerArn"));
        int port = Integer.parseInt(call.param("Port"));
        if (listeners(lb.arn).stream().anyMatch(listener -> listener.port == port)) {
            throw new AwsError(400, "DuplicateListener", "A listener already exists on this port for this load balancer");
        }
        String targetGroupArn = forwardTarget(call);
        Listener listener = new Listener(lb.arn.replace(":loadbalancer/", ":listener/") + "/" + id(), lb.arn,
                call.param("Protocol"), port, targetGroupArn);
        listener.tags.putAll(call.map("Tags.member", "Key", "Value"));
        listeners.put(listener.arn, listener);
        return members("Listeners", List.of(render(listener)));
    }

    private String modifyListener(Call call) {
        Listener listener = listeners.get(call.param("ListenerArn"));
        if (listener == null) {
            throw notFound("ListenerNotFound", "One or more listeners not found");
        }
        if (call.param("Protocol") != null) {
            listener.protocol = call.param("Protocol");
        }
        if (call.param("Port") != null) {
            listener.port = Integer.parseInt(call.param("Port"));
        }
        if (call.param("DefaultActions.member.1.Type") != null) {
            listener.targetGroupArn = forwardTarget(call);
        }
        return members("Listeners", List.of(render(listener)));
    }

    private String forwardTarget(Call call) {
        if (!"forward".equals(call.param("DefaultActions.member.1.Type"))) {
            throw new AwsError(400, "ValidationError", "the fake forwards only");
        }
        String arn = call.param("DefaultActions.member.1.TargetGroupArn");
        existingTargetGroup(arn);
        return arn;
    }

    private String deleteListener(Call call) {
        if (listeners.remove(call.param("ListenerArn")) == null) {
            throw notFound("ListenerNotFound", "One or more listeners not found");
        }
        return "";
    }

    private String describeTargetGroups(Call call) {
        List<TargetGroup> found = new ArrayList<>();
        String loadBalancerArn = call.param("LoadBalancerArn");
        List<String> arns = call.list("TargetGroupArns.member");
        List<String> names = call.list("Names.member");
        if (loadBalancerArn != null) {
            existingLoadBalancer(loadBalancerArn);
            for (TargetGroup group : targetGroups.values()) {
                if (loadBalancersOf(group).contains(loadBalancerArn) && consistency.shows(group.arn)) {
                    found.add(group);
                }
            }
        } else if (!arns.isEmpty()) {
            arns.forEach(arn -> found.add(existingTargetGroup(arn)));
        } else if (!names.isEmpty()) {
            for (String name : names) {
                found.add(targetGroup(name).filter(group -> consistency.shows(group.arn)).orElseThrow(() -> notFound(
                        "TargetGroupNotFound", "Target groups '[" + name + "]' not found")));
            }
        } else {
            targetGroups.values().stream().filter(group -> consistency.shows(group.arn)).forEach(found::add);
        }
        return page(call, "TargetGroups", found.stream().map(this::render).toList());
    }

    private String createTargetGroup(Call call) {
        String name = call.param("Name");
        Optional<TargetGroup> same = targetGroup(name).filter(group -> group.protocol.equals(call.param("Protocol"))
                && group.port == Integer.parseInt(call.param("Port")) && group.vpcId.equals(call.param("VpcId")));
        if (same.isPresent()) {
            // idempotent, as in AWS: the same name and settings answer the group there
            return members("TargetGroups", List.of(render(same.get())));
        }
        if (targetGroup(name).isPresent()) {
            throw new AwsError(400, "DuplicateTargetGroupName", "A target group with the same name '" + name
                    + "' exists, but with different settings");
        }
        TargetGroup group = new TargetGroup(ARN + "targetgroup/" + name + "/" + id(), name, call.param("Protocol"),
                Integer.parseInt(call.param("Port")), call.param("VpcId"), call.params().getOrDefault("TargetType", "instance"));
        group.healthCheckProtocol = call.params().getOrDefault("HealthCheckProtocol", "TCP");
        group.healthCheckPort = call.params().getOrDefault("HealthCheckPort", "traffic-port");
        group.healthCheckPath = call.param("HealthCheckPath");
        group.tags.putAll(call.map("Tags.member", "Key", "Value"));
        targetGroups.put(group.arn, group);
        consistency.created(group.arn);
        return members("TargetGroups", List.of(render(group)));
    }

    private String modifyTargetGroup(Call call) {
        TargetGroup group = existingTargetGroup(call.param("TargetGroupArn"));
        if (call.param("HealthCheckProtocol") != null) {
            group.healthCheckProtocol = call.param("HealthCheckProtocol");
            if (!group.healthCheckProtocol.startsWith("HTTP")) {
                group.healthCheckPath = null;
            }
        }
        if (call.param("HealthCheckPort") != null) {
            group.healthCheckPort = call.param("HealthCheckPort");
        }
        if (call.param("HealthCheckPath") != null) {
            group.healthCheckPath = call.param("HealthCheckPath");
        }
        return members("TargetGroups", List.of(render(group)));
    }

    private String deleteTargetGroup(Call call) {
        String arn = call.param("TargetGroupArn");
        if (listeners.values().stream().anyMatch(listener -> listener.targetGroupArn.equals(arn))) {
            throw new AwsError(400, "ResourceInUse", "Target group '" + arn + "' is currently in use by a listener or a rule");
        }
        targetGroups.remove(arn);
        return "";
    }

    private String describeTargetHealth(Call call) {
        TargetGroup group = existingTargetGroup(call.param("TargetGroupArn"));
        List<String> rendered = new ArrayList<>();
        group.targets.forEach((target, state) -> {
            int colon = target.lastIndexOf(':');
            rendered.add("<Target>" + el("Id", target.substring(0, colon)) + el("Port", target.substring(colon + 1))
                    + "</Target>" + el("HealthCheckPort", target.substring(colon + 1))
                    + "<TargetHealth>" + el("State", state) + "</TargetHealth>");
        });
        return members("TargetHealthDescriptions", rendered);
    }

    private String registerTargets(Call call, boolean register) {
        TargetGroup group = existingTargetGroup(call.param("TargetGroupArn"));
        for (int i = 1; call.params().containsKey("Targets.member." + i + ".Id"); i++) {
            String port = call.params().getOrDefault("Targets.member." + i + ".Port", String.valueOf(group.port));
            String target = call.param("Targets.member." + i + ".Id") + ":" + port;
            if (register) {
                group.targets.put(target, "healthy");
            } else if (group.targets.containsKey(target)) {
                group.targets.put(target, "draining");
            }
        }
        return "";
    }

    private List<String> loadBalancersOf(TargetGroup group) {
        return listeners.values().stream().filter(listener -> listener.targetGroupArn.equals(group.arn))
                .map(listener -> listener.loadBalancerArn).distinct().toList();
    }

    private LoadBalancer existingLoadBalancer(String arn) {
        LoadBalancer lb = loadBalancers.get(arn);
        if (lb == null) {
            throw notFound("LoadBalancerNotFound", "One or more load balancers not found");
        }
        return lb;
    }

    private TargetGroup existingTargetGroup(String arn) {
        TargetGroup group = targetGroups.get(arn);
        if (group == null) {
            throw notFound("TargetGroupNotFound", "One or more target groups not found");
        }
        return group;
    }

    /** One page of a listing, after the call's {@code Marker}; the marker is the next item's index. */
    private String page(Call call, String element, List<String> rendered) {
        int from = call.param("Marker") == null ? 0 : Integer.parseInt(call.param("Marker"));
        int to = Math.min(rendered.size(), from + pageSize);
        return members(element, rendered.subList(from, to)) + (to < rendered.size() ? el("NextMarker", to) : "");
    }

    private String id() {
        return String.format("%016x", nextId++);
    }

    private static AwsError notFound(String code, String message) {
        return new AwsError(400, code, message);
    }

    private static String render(LoadBalancer lb) {
        List<String> zones = lb.subnets.stream().map(subnet -> el("SubnetId", subnet) + el("ZoneName", "zone-of-" + subnet))
                .toList();
        return el("LoadBalancerArn", lb.arn) + el("DNSName", lb.dnsName) + el("CanonicalHostedZoneId", "Z26RNL4JYFTOTI")
                + el("CreatedTime", "2026-01-01T00:00:00.000Z") + el("LoadBalancerName", lb.name) + el("Scheme", lb.scheme)
                + el("VpcId", lb.vpcId) + "<State>" + el("Code", "active") + "</State>" + el("Type", lb.type)
                + members("AvailabilityZones", zones)
                + members("SecurityGroups", lb.securityGroups.stream().map(AwsQueryFake::xml).toList())
                + el("IpAddressType", "ipv4");
    }

    private static String render(Listener listener) {
        String action = el("Type", "forward") + el("TargetGroupArn", listener.targetGroupArn)
                + "<ForwardConfig>" + members("TargetGroups", List.of(el("TargetGroupArn", listener.targetGroupArn)))
                + "</ForwardConfig>";
        return el("ListenerArn", listener.arn) + el("LoadBalancerArn", listener.loadBalancerArn)
                + el("Port", listener.port) + el("Protocol", listener.protocol)
                + members("DefaultActions", List.of(action));
    }

    private String render(TargetGroup group) {
        return el("TargetGroupArn", group.arn) + el("TargetGroupName", group.name) + el("Protocol", group.protocol)
                + el("Port", group.port) + el("VpcId", group.vpcId) + el("HealthCheckProtocol", group.healthCheckProtocol)
                + el("HealthCheckPort", group.healthCheckPort) + el("HealthCheckEnabled", "true")
                + el("HealthCheckIntervalSeconds", 30) + el("HealthCheckTimeoutSeconds", 10)
                + el("HealthyThresholdCount", 5) + el("UnhealthyThresholdCount", 2)
                + el("HealthCheckPath", group.healthCheckPath)
                + members("LoadBalancerArns", loadBalancersOf(group).stream().map(AwsQueryFake::xml).toList())
                + el("TargetType", group.targetType) + el("IpAddressType", "ipv4");
    }
}
