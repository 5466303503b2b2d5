package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.ResourceReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerSchemeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

/**
 * {@code aws-nlb}: one network load balancer per Service, with its security group, a listener per port and a
 * target group per NodePort (see {@link NlbSpec}).
 *
 * <p>{@link #ensure} reads each part before it touches it (the load balancer and its tags; the security group; the
 * listeners, target groups and their tags; each group's targets) and writes only the differences, in an order that
 * never points a listener at a missing target group: security group, load balancer, target groups and their
 * targets, listeners, then the target groups no listener wants any more. A load balancer with our name that is not
 * tagged ours is refused untouched. A change between internal and internet-facing, which AWS cannot make on a
 * load balancer, deletes and re-creates it (its DNS name changes, as it must).
 *
 * <p>{@code loadBalancerSourceRanges}: an NLB accepts a security group only when it is created with one, so every
 * NLB is created with its own group, whose inbound rules are the listener ports from the source ranges (from
 * everyone when there are none); a change of source ranges then edits the group's rules. The nodes' own security
 * groups are never changed: they must already admit the NodePorts (and the health check port) from the clients,
 * whose addresses an NLB with instance targets preserves, and from the VPC.
 */
final class NlbProvider implements AwsProvider {

    static final String NAME = "aws-nlb";
    static final String SECURITY_GROUP_KIND = "nlb";

    private static final Logger LOG = LoggerFactory.getLogger(NlbProvider.class);
    private static final Set<String> GONE = Set.of("LoadBalancerNotFound");

    /** A load balancer with our name, and its tags. */
    private record Found(LoadBalancer balancer, Map<String, String> tags) {
    }

    /**
     * What an existing load balancer has: its listeners (ours and anybody's), the target groups they forward to
     * that are ours (by name), and the tags of all of them (by ARN).
     */
    private record Present(List<Listener> listeners, Map<String, TargetGroup> ourTargetGroups,
                           Map<String, Map<String, String>> tags) {

        static final Present NOTHING = new Present(List.of(), Map.of(), Map.of());
    }

    private final ElasticLoadBalancingV2Client elbv2;
    private final Elbv2Tags tags;
    private final NlbTargetGroups targetGroups;
    private final NlbListeners listeners;
    private final Subnets subnets;
    private final SecurityGroups securityGroups;
    private final RecentCreates recent = new RecentCreates();
    private volatile ResourceReport report = ResourceReport.NONE;
    /** Services whose last ensure failed half-way: the next one also looks for target groups no listener uses. */
    private final Set<String> interrupted = ConcurrentHashMap.newKeySet();

    NlbProvider(AwsClients clients) {
        this.elbv2 = clients.elbv2();
        this.tags = new Elbv2Tags(elbv2);
        this.targetGroups = new NlbTargetGroups(elbv2, tags, recent);
        this.listeners = new NlbListeners(elbv2, tags);
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
        try {
            LoadBalancerStatus status = ensure(AwsCalls.applying(NAME, request.service(), report), request);
            interrupted.remove(request.uid());
            return status;
        } catch (RuntimeException e) {
            interrupted.add(request.uid());
            throw e;
        }
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
        ResourceTags wanted = ResourceTags.of(request, calls);
        NlbSpec spec = NlbSpec.of(request, names, calls);
        SortedSet<String> instances = Instances.of(request, calls);
        String scheme = (request.internal() ? LoadBalancerSchemeEnum.INTERNAL : LoadBalancerSchemeEnum.INTERNET_FACING)
                .toString();

        Optional<Found> found = find(calls, names);
        if (found.isPresent() && !wanted.owns(found.get().tags())) {
            throw calls.refuse("load balancer " + found.get().balancer().loadBalancerArn() + " is named "
                    + names.loadBalancer() + " but not tagged " + wanted.ownershipTag()
                    + ": it is not ours, and it is left untouched");
        }
        if (found.isPresent() && found.get().balancer().type() != LoadBalancerTypeEnum.NETWORK) {
            throw calls.refuse("load balancer " + found.get().balancer().loadBalancerArn() + " is of type "
                    + found.get().balancer().typeAsString() + " (expected: network)");
        }
        if (found.isPresent()) {
            calls.adoptIfAttempted(recent, names.loadBalancer(),
                    Steps.adopt(Steps.LOAD_BALANCER, found.get().balancer().loadBalancerArn()));
        }
        if (found.isPresent() && !scheme.equals(found.get().balancer().schemeAsString())) {
            deleteLoadBalancer(calls, found.get().balancer(), "it is " + found.get().balancer().schemeAsString()
                    + " and the Service asks for " + scheme + ", which AWS cannot change: it is made again");
            found = Optional.empty();
        }

        Subnets.Choice placement = found.isEmpty() ? subnets.choose(request, calls) : null;
        String vpcId = found.isEmpty() ? placement.vpcId() : found.get().balancer().vpcId();
        String securityGroup = securityGroups.ensure(calls, names.securityGroup(SECURITY_GROUP_KIND), vpcId,
                "Gatehouse network load balancer of Service " + request.service(), spec.ingress(), wanted);

        LoadBalancer balancer;
        Present present;
        if (found.isEmpty()) {
            balancer = create(calls, names.loadBalancer(), scheme, placement, securityGroup, wanted);
            present = Present.NOTHING;
        } else {
            balancer = found.get().balancer();
            tags.repair(calls, Steps.LOAD_BALANCER, balancer.loadBalancerArn(), wanted, found.get().tags());
            attach(calls, balancer, securityGroup);
            present = readPresent(calls, balancer.loadBalancerArn(), wanted);
        }

        Map<String, String> targetGroupArns = targetGroups.ensure(calls, spec, vpcId, present.ourTargetGroups(),
                present.tags(), wanted, instances);
        listeners.ensure(calls, balancer.loadBalancerArn(), spec, present.listeners(), present.tags(), targetGroupArns,
                wanted);
        for (TargetGroup group : present.ourTargetGroups().values()) {
            if (!targetGroupArns.containsKey(group.targetGroupName())) {
                targetGroups.delete(calls, group, Steps.delete(Steps.TARGET_GROUP, group.targetGroupName(),
                        "no port of the Service uses it any more"));
            }
        }
        if (interrupted.contains(request.uid())) {
            // made by the attempt that failed, before the listener that would have used it
            for (TargetGroup group : targetGroups.ownedNamed(calls, names.targetGroupPrefix(), wanted)) {
                if (!targetGroupArns.containsKey(group.targetGroupName())) {
                    targetGroups.delete(calls, group, Steps.clean(Steps.TARGET_GROUP, group.targetGroupName(),
                            "left by an ensure that failed half-way; no listener uses it"));
                }
            }
            targetGroups.deleteUnlisted(calls, names.targetGroupPrefix(), targetGroupArns.keySet(),
                    Steps::clean, "left by an ensure that failed half-way; no listener uses it");
        }
        return LoadBalancerStatus.hostname(balancer.dnsName());
    }

    /**
     * Deletes the load balancer (AWS deletes its listeners with it), then every target group named after the
     * Service, attached or left over, then the security group; only what is tagged ours.
     */
    @Override
    public void ensureDeleted(LoadBalancerRequest request) {
        ensureDeleted(AwsCalls.applying(NAME, request.service(), report), request);
    }

    private void ensureDeleted(AwsCalls calls, LoadBalancerRequest request) {
        Names names = Names.of(request, calls);
        ResourceTags ownership = ResourceTags.ownership(request, calls);
        Optional<Found> found = find(calls, names);
        Optional<String> unlisted = recent.unlisted(names.loadBalancer());
        if (found.isPresent() && ownership.owns(found.get().tags())) {
            deleteLoadBalancer(calls, found.get().balancer(), "the Service no longer has a load balancer of ours");
        } else if (found.isEmpty() && unlisted.isPresent()) {
            String arn = unlisted.get();
            calls.writeUnlessGone(Steps.delete(Steps.LOAD_BALANCER, arn, "made here and not listed by AWS yet"),
                    "DeleteLoadBalancer", names.loadBalancer() + " " + arn + " (made, not listed yet)",
                    GONE, () -> elbv2.deleteLoadBalancer(r -> r.loadBalancerArn(arn)));
            if (!calls.planning()) {
                recent.settled(names.loadBalancer());
            }
        } else if (found.isPresent()) {
            LOG.warn("{}: load balancer {} is named {} but not tagged {}: not ours, left untouched", calls.subject(),
                    found.get().balancer().loadBalancerArn(), names.loadBalancer(), ownership.ownershipTag());
        }
        for (TargetGroup group : targetGroups.ownedNamed(calls, names.targetGroupPrefix(), ownership)) {
            targetGroups.delete(calls, group, Steps.delete(Steps.TARGET_GROUP, group.targetGroupName(),
                    "the Service no longer has a load balancer of ours"));
        }
        targetGroups.deleteUnlisted(calls, names.targetGroupPrefix(), Set.of(), Steps::delete,
                "made here and not listed by AWS yet");
        securityGroups.ensureDeleted(calls, names.securityGroup(SECURITY_GROUP_KIND), ownership);
    }

    @Override
    public boolean holds(LoadBalancerRequest request) {
        AwsCalls calls = AwsCalls.planning(NAME, request.service());
        Names names = Names.of(request, calls);
        ResourceTags ownership = ResourceTags.ownership(request, calls);
        return find(calls, names).filter(found -> ownership.owns(found.tags())).isPresent()
                || securityGroups.exists(calls, names.securityGroup(SECURITY_GROUP_KIND), ownership);
    }

    private Optional<Found> find(AwsCalls calls, Names names) {
        String name = names.loadBalancer();
        Optional<LoadBalancer> balancer = calls.readUnlessMissing("DescribeLoadBalancers", name, GONE,
                () -> elbv2.describeLoadBalancers(r -> r.names(name)).loadBalancers())
                .flatMap(list -> list.stream().findFirst());
        balancer.ifPresent(lb -> recent.settled(name));
        return balancer.map(lb -> new Found(lb, tags.read(calls, List.of(lb.loadBalancerArn())).get(lb.loadBalancerArn())));
    }

    /** Adds our security group to the load balancer's, when somebody took it off. */
    private void attach(AwsCalls calls, LoadBalancer balancer, String securityGroup) {
        if (balancer.securityGroups().contains(securityGroup)) {
            return;
        }
        String arn = balancer.loadBalancerArn();
        Set<String> groups = new LinkedHashSet<>(balancer.securityGroups());
        groups.add(securityGroup);
        calls.write(Steps.repair(Steps.LOAD_BALANCER, arn, "its security group " + securityGroup + " was taken off"),
                "SetSecurityGroups", arn + " " + groups,
                () -> elbv2.setSecurityGroups(r -> r.loadBalancerArn(arn).securityGroups(groups)));
    }

    private Present readPresent(AwsCalls calls, String arn, ResourceTags wanted) {
        List<Listener> listeners = calls.read("DescribeListeners", arn,
                () -> elbv2.describeListenersPaginator(r -> r.loadBalancerArn(arn)).listeners().stream().toList());
        List<TargetGroup> groups = calls.read("DescribeTargetGroups", "of " + arn,
                () -> elbv2.describeTargetGroupsPaginator(r -> r.loadBalancerArn(arn)).targetGroups().stream().toList());
        List<String> arns = new ArrayList<>();
        listeners.forEach(listener -> arns.add(listener.listenerArn()));
        groups.forEach(group -> arns.add(group.targetGroupArn()));
        Map<String, Map<String, String>> tagsByArn = tags.read(calls, arns);
        Map<String, TargetGroup> ours = new TreeMap<>();
        for (TargetGroup group : groups) {
            if (wanted.owns(tagsByArn.get(group.targetGroupArn()))) {
                ours.put(group.targetGroupName(), group);
            }
        }
        return new Present(listeners, ours, tagsByArn);
    }

    private LoadBalancer create(AwsCalls calls, String name, String scheme, Subnets.Choice placement,
            String securityGroup, ResourceTags wanted) {
        LoadBalancer planned = LoadBalancer.builder().loadBalancerName(name).loadBalancerArn(AwsCalls.PLANNED)
                .dnsName(AwsCalls.PLANNED).vpcId(placement.vpcId()).securityGroups(securityGroup).build();
        return calls.write(Steps.create(Steps.LOAD_BALANCER, name, scheme + " network load balancer in "
                + placement.subnetIds()), planned, "CreateLoadBalancer", name + " (" + scheme + ", "
                + placement.subnetIds() + ", " + securityGroup + ")", () -> {
                    recent.attempting(name);
                    LoadBalancer created = elbv2.createLoadBalancer(r -> r.name(name).type(LoadBalancerTypeEnum.NETWORK)
                            .scheme(scheme).subnets(placement.subnetIds()).securityGroups(securityGroup)
                            .tags(Elbv2Tags.tags(wanted.all()))).loadBalancers().get(0);
                    recent.created(name, created.loadBalancerArn());
                    return created;
                });
    }

    private void deleteLoadBalancer(AwsCalls calls, LoadBalancer balancer, String reason) {
        if (!calls.planning()) {
            recent.settled(balancer.loadBalancerName());
        }
        calls.writeUnlessGone(Steps.delete(Steps.LOAD_BALANCER, balancer.loadBalancerName(), reason),
                "DeleteLoadBalancer", balancer.loadBalancerName() + " " + balancer.loadBalancerArn(), GONE,
                () -> elbv2.deleteLoadBalancer(r -> r.loadBalancerArn(balancer.loadBalancerArn())));
    }
}
