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
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The part of classic Elastic Load Balancing the providers use: load balancers with listeners, instances, health check, tags. */
public final class FakeElb implements AwsQueryFake.Api {

    public static final String NS = "http://elasticloadbalancing.amazonaws.com/doc/2012-06-01/";

    /** A TCP listener: load balancer port to instance port. */
    public record Listener(String protocol, int port, String instanceProtocol, int instancePort) {
    }

    public static final class LoadBalancer {
        public final String name;
        public final String scheme;
        public final String vpcId;
        public final String dnsName;
        public final List<String> subnets;
        public List<String> securityGroups;
        public final Map<Integer, Listener> listeners = new TreeMap<>();
        public final SortedSet<String> instances = new TreeSet<>();
        public String healthTarget = "TCP:80";
        public int interval = 30;
        public int timeout = 5;
        public int healthy = 10;
        public int unhealthy = 2;
        public final Map<String, String> tags = new TreeMap<>();

        LoadBalancer(String name, String scheme, String vpcId, String dnsName, List<String> subnets,
                List<String> securityGroups) {
            this.name = name;
            this.scheme = scheme;
            this.vpcId = vpcId;
            this.dnsName = dnsName;
            this.subnets = subnets;
            this.securityGroups = securityGroups;
        }
    }

    private final FakeEc2 ec2;
    private final Map<String, LoadBalancer> loadBalancers = new LinkedHashMap<>();
    private int nextId = 1;

    FakeElb(FakeEc2 ec2) {
        this.ec2 = ec2;
    }

    public synchronized LoadBalancer addLoadBalancer(String name, String subnet, Map<String, String> tags) {
        LoadBalancer lb = newLoadBalancer(name, "internet-facing", List.of(subnet), List.of());
        lb.tags.putAll(tags);
        return lb;
    }

    public synchronized Optional<LoadBalancer> loadBalancer(String name) {
        return Optional.ofNullable(loadBalancers.get(name));
    }

    public synchronized List<LoadBalancer> loadBalancers() {
        return List.copyOf(loadBalancers.values());
    }

    public synchronized boolean usesSecurityGroup(String groupId) {
        return loadBalancers.values().stream().anyMatch(lb -> lb.securityGroups.contains(groupId));
    }

    @Override
    public synchronized String handle(Call call) {
        return switch (call.action()) {
            case "DescribeLoadBalancers" -> describeLoadBalancers(call);
            case "DescribeTags" -> describeTags(call);
            case "CreateLoadBalancer" -> createLoadBalancer(call);
            case "DeleteLoadBalancer" -> {
                loadBalancers.remove(call.param("LoadBalancerName"));
                yield "";
            }
            case "CreateLoadBalancerListeners" -> createListeners(call);
            case "DeleteLoadBalancerListeners" -> {
                LoadBalancer lb = existing(call.param("LoadBalancerName"));
                call.list("LoadBalancerPorts.member").forEach(port -> lb.listeners.remove(Integer.parseInt(port)));
                yield "";
            }
            case "RegisterInstancesWithLoadBalancer" -> instances(call, true);
            case "DeregisterInstancesFromLoadBalancer" -> instances(call, false);
            case "ConfigureHealthCheck" -> configureHealthCheck(call);
            case "AddTags" -> {
                Map<String, String> tags = call.map("Tags.member", "Key", "Value");
                call.list("LoadBalancerNames.member").forEach(name -> existing(name).tags.putAll(tags));
                yield "";
            }
            case "ApplySecurityGroupsToLoadBalancer" -> {
                LoadBalancer lb = existing(call.param("LoadBalancerName"));
                lb.securityGroups = call.list("SecurityGroups.member");
                yield members("SecurityGroups", lb.securityGroups);
            }
            default -> throw new AwsError(400, "InvalidAction", "The action " + call.action() + " is not valid");
        };
    }

    private String describeLoadBalancers(Call call) {
        List<String> names = call.list("LoadBalancerNames.member");
        List<String> rendered = new ArrayList<>();
        for (String name : names.isEmpty() ? List.copyOf(loadBalancers.keySet()) : names) {
            rendered.add(render(existing(name)));
        }
        return members("LoadBalancerDescriptions", rendered);
    }

    private String describeTags(Call call) {
        List<String> rendered = new ArrayList<>();
        for (String name : call.list("LoadBalancerNames.member")) {
            rendered.add(el("LoadBalancerName", name) + members("Tags", existing(name).tags.entrySet().stream()
                    .map(e -> el("Key", e.getKey()) + el("Value", e.getValue())).toList()));
        }
        return members("TagDescriptions", rendered);
    }

    private String createLoadBalancer(Call call) {
        String name = call.param("LoadBalancerName");
        if (loadBalancers.containsKey(name)) {
            throw new AwsError(400, "DuplicateLoadBalancerName", "Load balancer name '" + name + "' already exists");
        }
        LoadBalancer lb = newLoadBalancer(name, call.params().getOrDefault("Scheme", "internet-facing"),
                call.list("Subnets.member"), call.list("SecurityGroups.member"));
        listeners(call).forEach(listener -> lb.listeners.put(listener.port(), listener));
        lb.tags.putAll(call.map("Tags.member", "Key", "Value"));
        return el("DNSName", lb.dnsName);
    }

    private LoadBalancer newLoadBalancer(String name, String scheme, List<String> subnets, List<String> groups) {
        if (subnets.isEmpty()) {
            throw new AwsError(400, "ValidationError", "Either AvailabilityZones or SubnetIds must be specified");
        }
        String dns = (scheme.equals("internal") ? "internal-" : "") + name + "-" + (1000000 + nextId++)
                + ".us-east-1.elb.amazonaws.com";
        LoadBalancer lb = new LoadBalancer(name, scheme, ec2.vpcOf(subnets.get(0)), dns, List.copyOf(subnets),
                List.copyOf(groups));
        loadBalancers.put(name, lb);
        return lb;
    }

    private String createListeners(Call call) {
        LoadBalancer lb = existing(call.param("LoadBalancerName"));
        List<Listener> listeners = listeners(call);
        for (Listener listener : listeners) {
            Listener present = lb.listeners.get(listener.port());
            if (present != null && !present.equals(listener)) {
                throw new AwsError(400, "DuplicateListener", "A listener already exists for " + lb.name
                        + " with LoadBalancerPort " + listener.port() + ", but with a different InstancePort");
            }
        }
        listeners.forEach(listener -> lb.listeners.put(listener.port(), listener));
        return "";
    }

    private static List<Listener> listeners(Call call) {
        List<Listener> listeners = new ArrayList<>();
        for (int i = 1; call.params().containsKey("Listeners.member." + i + ".LoadBalancerPort"); i++) {
            String prefix = "Listeners.member." + i + ".";
            listeners.add(new Listener(call.param(prefix + "Protocol"), Integer.parseInt(call.param(prefix + "LoadBalancerPort")),
                    call.param(prefix + "InstanceProtocol"), Integer.parseInt(call.param(prefix + "InstancePort"))));
        }
        return listeners;
    }

    private String instances(Call call, boolean register) {
        LoadBalancer lb = existing(call.param("LoadBalancerName"));
        for (int i = 1; call.params().containsKey("Instances.member." + i + ".InstanceId"); i++) {
            String id = call.param("Instances.member." + i + ".InstanceId");
            if (register) {
                lb.instances.add(id);
            } else {
                lb.instances.remove(id);
            }
        }
        return members("Instances", lb.instances.stream().map(id -> el("InstanceId", id)).toList());
    }

    private String configureHealthCheck(Call call) {
        LoadBalancer lb = existing(call.param("LoadBalancerName"));
        lb.healthTarget = call.param("HealthCheck.Target");
        lb.interval = Integer.parseInt(call.param("HealthCheck.Interval"));
        lb.timeout = Integer.parseInt(call.param("HealthCheck.Timeout"));
        lb.healthy = Integer.parseInt(call.param("HealthCheck.HealthyThreshold"));
        lb.unhealthy = Integer.parseInt(call.param("HealthCheck.UnhealthyThreshold"));
        return healthCheck(lb);
    }

    private LoadBalancer existing(String name) {
        LoadBalancer lb = loadBalancers.get(name);
        if (lb == null) {
            throw new AwsError(400, "LoadBalancerNotFound", "There is no ACTIVE Load Balancer named '" + name + "'");
        }
        return lb;
    }

    private static String healthCheck(LoadBalancer lb) {
        return "<HealthCheck>" + el("Target", lb.healthTarget) + el("Interval", lb.interval) + el("Timeout", lb.timeout)
                + el("UnhealthyThreshold", lb.unhealthy) + el("HealthyThreshold", lb.healthy) + "</HealthCheck>";
    }

    private static String render(LoadBalancer lb) {
        List<String> listeners = lb.listeners.values().stream().map(listener -> "<Listener>"
                + el("Protocol", listener.protocol()) + el("LoadBalancerPort", listener.port())
                + el("InstanceProtocol", listener.instanceProtocol()) + el("InstancePort", listener.instancePort())
                + "</Listener>" + members("PolicyNames", List.of())).toList();
        return el("LoadBalancerName", lb.name) + el("DNSName", lb.dnsName)
                + el("CanonicalHostedZoneName", lb.dnsName) + el("CanonicalHostedZoneNameID", "Z35SXDOTRQ7X7K")
                + members("ListenerDescriptions", listeners)
                + members("Subnets", lb.subnets) + el("VPCId", lb.vpcId)
                + members("Instances", lb.instances.stream().map(id -> el("InstanceId", id)).toList())
                + healthCheck(lb) + members("SecurityGroups", lb.securityGroups)
                + el("CreatedTime", "2026-01-01T00:00:00.000Z") + el("Scheme", lb.scheme);
    }
}
