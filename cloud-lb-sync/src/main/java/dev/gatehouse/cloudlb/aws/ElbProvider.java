package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.ResourceReport;
import dev.gatehouse.cloudlb.ServicePort;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.model.HealthCheck;
import software.amazon.awssdk.services.elasticloadbalancing.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancing.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancing.model.ListenerDescription;
import software.amazon.awssdk.services.elasticloadbalancing.model.LoadBalancerDescription;
import software.amazon.awssdk.services.elasticloadbalancing.model.Tag;

/**
 * {@code aws-elb}: one classic load balancer per Service, named and tagged as {@link Names} and
 * {@link ResourceTags} say, with a TCP listener per port to its NodePort, the nodes' instances registered, a
 * health check on the first port's NodePort (TCP), or on {@code /healthz} at the {@code healthCheckNodePort}
 * (HTTP) for {@code externalTrafficPolicy: Local}, and its own security group for
 * {@code loadBalancerSourceRanges} (a classic load balancer in a VPC gets the VPC's default group otherwise).
 *
 * <p>Reads first (DescribeLoadBalancers, which carries listeners, instances and health check, then DescribeTags
 * for ownership) and writes only the differences. A listener whose NodePort changed is deleted and created
 * again, since a classic listener cannot be modified; a change between internal and internet-facing re-creates
 * the load balancer. Classic load balancers forward TCP only. The nodes' own security groups are never changed:
 * they must already admit the NodePorts from the load balancer's group (or the VPC).
 */
final class ElbProvider implements AwsProvider {

    static final String NAME = "aws-elb";
    static final String SECURITY_GROUP_KIND = "elb";
    static final int HEALTH_INTERVAL_SECONDS = 10;
    static final int HEALTH_TIMEOUT_SECONDS = 5;
    static final int HEALTHY_THRESHOLD = 2;
    static final int UNHEALTHY_THRESHOLD = 6;

    private static final Logger LOG = LoggerFactory.getLogger(ElbProvider.class);
    private static final Set<String> GONE = Set.of("LoadBalancerNotFound");
    private static final String INTERNAL = "internal";
    private static final String INTERNET_FACING = "internet-facing";

    private record Found(LoadBalancerDescription balancer, Map<String, String> tags) {
    }

    private final ElasticLoadBalancingClient elb;
    private final Subnets subnets;
    private final SecurityGroups securityGroups;
    private final RecentCreates recent = new RecentCreates();
    private volatile ResourceReport report = ResourceReport.NONE;

    ElbProvider(AwsClients clients) {
        this.elb = clients.elb();
        this.subnets = new Subnets(clients.ec2());
        this.securityGroups = new SecurityGroups(clients.ec2(), recent);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void reportTo(ResourceReport report) {
        this.report = report;
    }

    @Override
    public LoadBalancerStatus ensure(LoadBalancerRequest request) {
        return ensure(AwsCalls.applying(NAME, request.service(), report), request);
    }

    @Override
    public LoadBalancerPlan plan(LoadBalancerRequest request) {
        AwsCalls calls = AwsCalls.planning(NAME, request.service());
        ensure(calls, request);
        return calls.plan();
    }

    @Override
    public LoadBalancerPlan planDeletion(LoadBalancerRequest request) {
        AwsCalls calls = AwsCalls.planning(NAME, request.service());
        ensureDeleted(calls, request);
        return calls.plan();
    }

    private LoadBalancerStatus ensure(AwsCalls calls, LoadBalancerRequest request) {
        Names names = Names.of(request, calls);
        String name = names.loadBalancer();
        ResourceTags wanted = ResourceTags.of(request, calls);
        Map<Integer, Listener> listeners = listeners(request, calls);
        SortedSet<IngressRule> ingress = ingress(request, calls);
        HealthCheck health = healthCheck(request);
        SortedSet<String> instances = Instances.of(request, calls);
        String scheme = request.internal() ? INTERNAL : INTERNET_FACING;

        Optional<Found> found = find(calls, name);
        if (found.isPresent() && !wanted.owns(found.get().tags())) {
            throw calls.refuse("classic load balancer " + name + " is not tagged " + wanted.ownershipTag()
                    + ": it is not ours, and it is left untouched");
        }
        if (found.isPresent()) {
            calls.adoptIfAttempted(recent, name, Steps.adopt(Steps.LOAD_BALANCER, name));
        }
        if (found.isPresent() && !scheme.equals(found.get().balancer().scheme())) {
            delete(calls, name, "it is " + found.get().balancer().scheme() + " and the Service asks for " + scheme
                    + ", which AWS cannot change: it is made again");
            found = Optional.empty();
        }

        Subnets.Choice placement = found.isEmpty() ? subnets.choose(request, calls) : null;
        String vpcId = found.isEmpty() ? placement.vpcId() : found.get().balancer().vpcId();
        String securityGroup = securityGroups.ensure(calls, names.securityGroup(SECURITY_GROUP_KIND), vpcId,
                "Gatehouse classic load balancer of Service " + request.service(), ingress, wanted);

        if (found.isEmpty()) {
            String dnsName = calls.write(Steps.create(Steps.LOAD_BALANCER, name, scheme + " classic load balancer in "
                    + placement.subnetIds() + " listening on " + listeners.keySet()), AwsCalls.PLANNED,
                    "CreateLoadBalancer", name + " (" + scheme + ", " + placement.subnetIds() + ", " + securityGroup + ")",
                    () -> {
                        recent.attempting(name);
                        String created = elb.createLoadBalancer(r -> {
                            r.loadBalancerName(name).listeners(listeners.values()).subnets(placement.subnetIds())
                                    .securityGroups(securityGroup).tags(tags(wanted.all()));
                            if (request.internal()) {
                                r.scheme(INTERNAL);
                            }
                        }).dnsName();
                        recent.answered(name);
                        return created;
                    });
            configureHealthCheck(calls, name, health);
            apply(calls, name, TargetDiff.of(instances, Set.of()));
            return LoadBalancerStatus.hostname(dnsName);
        }

        LoadBalancerDescription balancer = found.get().balancer();
        Map<String, String> missingTags = wanted.missingFrom(found.get().tags());
        if (!missingTags.isEmpty()) {
            calls.write(Steps.repair(Steps.LOAD_BALANCER, name, "tags missing: " + missingTags), "AddTags",
                    name + " " + missingTags,
                    () -> elb.addTags(r -> r.loadBalancerNames(name).tags(tags(missingTags))));
        }
        if (!balancer.securityGroups().contains(securityGroup)) {
            Set<String> groups = new LinkedHashSet<>(balancer.securityGroups());
            groups.add(securityGroup);
            calls.write(Steps.repair(Steps.LOAD_BALANCER, name, "its security group " + securityGroup + " was taken off"),
                    "ApplySecurityGroupsToLoadBalancer", name + " " + groups,
                    () -> elb.applySecurityGroupsToLoadBalancer(r -> r.loadBalancerName(name).securityGroups(groups)));
        }
        repairListeners(calls, name, listeners, balancer.listenerDescriptions());
        if (!sameHealthCheck(health, balancer.healthCheck())) {
            configureHealthCheck(calls, name, health);
        }
        Set<String> registered = new TreeSet<>();
        balancer.instances().forEach(instance -> registered.add(instance.instanceId()));
        apply(calls, name, TargetDiff.of(instances, registered));
        return LoadBalancerStatus.hostname(balancer.dnsName());
    }

    @Override
    public void ensureDeleted(LoadBalancerRequest request) {
        ensureDeleted(AwsCalls.applying(NAME, request.service(), report), request);
    }

    private void ensureDeleted(AwsCalls calls, LoadBalancerRequest request) {
        Names names = Names.of(request, calls);
        ResourceTags ownership = ResourceTags.ownership(request, calls);
        Optional<Found> found = find(calls, names.loadBalancer());
        if (found.isPresent() && ownership.owns(found.get().tags())) {
            delete(calls, names.loadBalancer(), "the Service no longer has a load balancer of ours");
        } else if (found.isPresent()) {
            LOG.warn("{}: classic load balancer {} is not tagged {}: not ours, left untouched", calls.subject(),
                    names.loadBalancer(), ownership.ownershipTag());
        }
        securityGroups.ensureDeleted(calls, names.securityGroup(SECURITY_GROUP_KIND), ownership);
    }

    @Override
    public boolean holds(LoadBalancerRequest request) {
        AwsCalls calls = AwsCalls.planning(NAME, request.service());
        Names names = Names.of(request, calls);
        ResourceTags ownership = ResourceTags.ownership(request, calls);
        return find(calls, names.loadBalancer()).filter(found -> ownership.owns(found.tags())).isPresent()
                || securityGroups.exists(calls, names.securityGroup(SECURITY_GROUP_KIND), ownership);
    }

    private Optional<Found> find(AwsCalls calls, String name) {
        Optional<LoadBalancerDescription> balancer = calls.readUnlessMissing("DescribeLoadBalancers", name, GONE,
                () -> elb.describeLoadBalancers(r -> r.loadBalancerNames(name)).loadBalancerDescriptions())
                .flatMap(list -> list.stream().findFirst());
        if (balancer.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> tags = new TreeMap<>();
        calls.readUnlessMissing("DescribeTags", name, GONE,
                        () -> elb.describeTags(r -> r.loadBalancerNames(name)).tagDescriptions())
                .ifPresent(descriptions -> descriptions.forEach(d -> d.tags().forEach(t -> tags.put(t.key(), t.value()))));
        return Optional.of(new Found(balancer.get(), tags));
    }

    /** Deletes what stands on a listener's port but differs, then creates what is missing. */
    private void repairListeners(AwsCalls calls, String name, Map<Integer, Listener> wanted,
            List<ListenerDescription> present) {
        Set<Integer> delete = new TreeSet<>();
        Map<Integer, Listener> create = new TreeMap<>(wanted);
        for (ListenerDescription description : present) {
            Listener listener = description.listener();
            Listener same = wanted.get(listener.loadBalancerPort());
            if (same != null && sameListener(same, listener)) {
                create.remove(listener.loadBalancerPort());
            } else {
                delete.add(listener.loadBalancerPort());
            }
        }
        if (!delete.isEmpty()) {
            calls.write(Steps.delete(Steps.LISTENER, "TCP:" + delete, "the Service's ports or NodePorts changed"),
                    "DeleteLoadBalancerListeners", name + " ports " + delete,
                    () -> elb.deleteLoadBalancerListeners(r -> r.loadBalancerName(name).loadBalancerPorts(delete)));
        }
        if (!create.isEmpty()) {
            calls.write(Steps.create(Steps.LISTENER, "TCP:" + create.keySet(), "to NodePorts "
                    + create.values().stream().map(Listener::instancePort).toList()),
                    "CreateLoadBalancerListeners", name + " ports " + create.keySet(),
                    () -> elb.createLoadBalancerListeners(r -> r.loadBalancerName(name).listeners(create.values())));
        }
    }

    private void configureHealthCheck(AwsCalls calls, String name, HealthCheck health) {
        calls.write(Steps.update(Steps.HEALTH_CHECK, name, health.target()), "ConfigureHealthCheck",
                name + " " + health.target(),
                () -> elb.configureHealthCheck(r -> r.loadBalancerName(name).healthCheck(health)));
    }

    private void apply(AwsCalls calls, String name, TargetDiff<String> diff) {
        if (!diff.register().isEmpty()) {
            calls.write(Steps.update(Steps.TARGETS, name, "register " + diff.register()),
                    "RegisterInstancesWithLoadBalancer", name + " " + diff.register(),
                    () -> elb.registerInstancesWithLoadBalancer(r -> r.loadBalancerName(name)
                            .instances(instances(diff.register()))));
        }
        if (!diff.deregister().isEmpty()) {
            calls.write(Steps.update(Steps.TARGETS, name, "deregister " + diff.deregister()),
                    "DeregisterInstancesFromLoadBalancer", name + " " + diff.deregister(),
                    () -> elb.deregisterInstancesFromLoadBalancer(r -> r.loadBalancerName(name)
                            .instances(instances(diff.deregister()))));
        }
    }

    private void delete(AwsCalls calls, String name, String reason) {
        calls.writeUnlessGone(Steps.delete(Steps.LOAD_BALANCER, name, reason), "DeleteLoadBalancer", name, GONE,
                () -> elb.deleteLoadBalancer(r -> r.loadBalancerName(name)));
    }

    private static Map<Integer, Listener> listeners(LoadBalancerRequest request, AwsCalls calls) {
        if (request.ports().isEmpty()) {
            throw calls.refuse("the Service has no ports (expected: at least one port for the load balancer to listen on)");
        }
        Map<Integer, Listener> listeners = new TreeMap<>();
        for (ServicePort port : request.ports()) {
            if (!port.protocol().toUpperCase(Locale.ROOT).equals("TCP")) {
                throw calls.refuse("port " + port.port() + "/" + port.protocol() + " cannot be forwarded by a classic"
                        + " load balancer (expected: TCP, or the annotation " + AwsProviders.TYPE_ANNOTATION + ": nlb)");
            }
            listeners.put(port.port(), Listener.builder().protocol("TCP").loadBalancerPort(port.port())
                    .instanceProtocol("TCP").instancePort(port.nodePort()).build());
        }
        return listeners;
    }

    private static SortedSet<IngressRule> ingress(LoadBalancerRequest request, AwsCalls calls) {
        List<String> sources = request.sourceRanges().isEmpty() ? List.of("0.0.0.0/0") : request.sourceRanges();
        SortedSet<IngressRule> rules = new TreeSet<>();
        for (ServicePort port : request.ports()) {
            for (String source : sources) {
                try {
                    rules.add(new IngressRule("tcp", port.port(), source));
                } catch (IllegalArgumentException e) {
                    throw calls.refuse("loadBalancerSourceRanges: " + e.getMessage());
                }
            }
        }
        return rules;
    }

    private static HealthCheck healthCheck(LoadBalancerRequest request) {
        String target = request.localTrafficPolicy()
                ? "HTTP:" + request.healthCheckNodePort() + NlbSpec.HEALTHZ
                : "TCP:" + request.ports().get(0).nodePort();
        return HealthCheck.builder().target(target).interval(HEALTH_INTERVAL_SECONDS).timeout(HEALTH_TIMEOUT_SECONDS)
                .healthyThreshold(HEALTHY_THRESHOLD).unhealthyThreshold(UNHEALTHY_THRESHOLD).build();
    }

    private static boolean sameHealthCheck(HealthCheck wanted, HealthCheck present) {
        return present != null && wanted.target().equalsIgnoreCase(present.target())
                && wanted.interval().equals(present.interval()) && wanted.timeout().equals(present.timeout())
                && wanted.healthyThreshold().equals(present.healthyThreshold())
                && wanted.unhealthyThreshold().equals(present.unhealthyThreshold());
    }

    private static boolean sameListener(Listener wanted, Listener present) {
        return wanted.protocol().equalsIgnoreCase(present.protocol())
                && wanted.instanceProtocol().equalsIgnoreCase(present.instanceProtocol())
                && wanted.instancePort().equals(present.instancePort());
    }

    private static List<Instance> instances(Set<String> ids) {
        return ids.stream().map(id -> Instance.builder().instanceId(id).build()).toList();
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
