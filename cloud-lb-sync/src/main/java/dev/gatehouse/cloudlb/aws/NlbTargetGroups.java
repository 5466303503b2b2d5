package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The target groups of a Service's network load balancer, one per NodePort: created or repaired (health check,
 * tags) and their instance targets kept equal to the Service's nodes. The groups are ours, so every target in
 * them is ours to register and deregister.
 */
final class NlbTargetGroups {

    static final Set<String> GONE = Set.of("TargetGroupNotFound");

    private final ElasticLoadBalancingV2Client elbv2;
    private final Elbv2Tags tags;
    private final RecentCreates recent;

    NlbTargetGroups(ElasticLoadBalancingV2Client elbv2, Elbv2Tags tags, RecentCreates recent) {
        this.elbv2 = elbv2;
        this.tags = tags;
        this.recent = recent;
    }

    /**
     * Makes every target group of the spec exist and match it, with exactly {@code instanceIds} registered on
     * its NodePort.
     *
     * @param attached the target groups the load balancer's listeners forward to that are ours, by name
     * @param attachedTags their tags, by ARN
     * @return the ARN of each of the spec's target groups, by name
     */
    Map<String, String> ensure(AwsCalls calls, NlbSpec spec, String vpcId, Map<String, TargetGroup> attached,
            Map<String, Map<String, String>> attachedTags, ResourceTags wanted, Set<String> instanceIds) {
        Map<String, String> arns = new TreeMap<>();
        for (NlbSpec.TargetGroup group : spec.targetGroups()) {
            TargetGroup present = attached.get(group.name());
            Map<String, String> presentTags = present == null ? Map.of() : attachedTags.get(present.targetGroupArn());
            if (present == null) {
                // Not behind a listener: left over from an ensure that failed half-way, or not made yet.
                Optional<TargetGroup> detached = calls.readUnlessMissing("DescribeTargetGroups", group.name(), GONE,
                        () -> elbv2.describeTargetGroups(r -> r.names(group.name())).targetGroups().get(0));
                if (detached.isPresent()) {
                    present = detached.get();
                    recent.settled(group.name());
                    presentTags = tags.read(calls, List.of(present.targetGroupArn())).get(present.targetGroupArn());
                    if (!wanted.owns(presentTags)) {
                        throw calls.refuse("target group " + present.targetGroupArn() + " is named " + group.name()
                                + " but not tagged " + wanted.ownershipTag() + ": it is not ours, and it is left untouched");
                    }
                    calls.adoptIfAttempted(recent, group.name(), Steps.adopt(Steps.TARGET_GROUP, group.name()));
                }
            }
            String arn;
            Set<Target> registered;
            if (present == null) {
                arn = create(calls, group, vpcId, wanted);
                registered = Set.of();
            } else {
                arn = present.targetGroupArn();
                repairHealthCheck(calls, group, present);
                tags.repair(calls, Steps.TARGET_GROUP, arn, wanted, presentTags);
                registered = registered(calls, arn);
            }
            Set<Target> onPort = instanceIds.stream().map(id -> new Target(id, group.nodePort())).collect(Collectors.toSet());
            apply(calls, group.name(), arn, TargetDiff.of(onPort, registered));
            arns.put(group.name(), arn);
        }
        return arns;
    }

    /** The targets registered and not on their way out. */
    Set<Target> registered(AwsCalls calls, String arn) {
        return active(calls.read("DescribeTargetHealth", arn,
                () -> elbv2.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions()));
    }

    /** Like {@link #registered}, empty when the target group does not exist. */
    Optional<Set<Target>> registeredUnlessGone(AwsCalls calls, String arn) {
        return calls.readUnlessMissing("DescribeTargetHealth", arn, GONE,
                () -> elbv2.describeTargetHealth(r -> r.targetGroupArn(arn)).targetHealthDescriptions())
                .map(NlbTargetGroups::active);
    }

    private static Set<Target> active(List<TargetHealthDescription> health) {
        return health.stream()
                .filter(h -> h.targetHealth() == null || h.targetHealth().state() != TargetHealthStateEnum.DRAINING)
                .map(h -> new Target(h.target().id(), h.target().port()))
                .collect(Collectors.toSet());
    }

    /** @param group the target group as the plan names it */
    void apply(AwsCalls calls, String group, String arn, TargetDiff<Target> diff) {
        if (!diff.register().isEmpty()) {
            calls.write(Steps.update(Steps.TARGETS, group, "register " + diff.register()), "RegisterTargets",
                    arn + " " + diff.register(),
                    () -> elbv2.registerTargets(r -> r.targetGroupArn(arn).targets(descriptions(diff.register()))));
        }
        if (!diff.deregister().isEmpty()) {
            calls.write(Steps.update(Steps.TARGETS, group, "deregister " + diff.deregister()), "DeregisterTargets",
                    arn + " " + diff.deregister(),
                    () -> elbv2.deregisterTargets(r -> r.targetGroupArn(arn).targets(descriptions(diff.deregister()))));
        }
    }

    /** Every target group whose name starts with {@code prefix} and that is ours, attached or not. */
    List<TargetGroup> ownedNamed(AwsCalls calls, String prefix, ResourceTags wanted) {
        List<TargetGroup> named = calls.read("DescribeTargetGroups", prefix + "*",
                () -> elbv2.describeTargetGroupsPaginator(r -> r.pageSize(400)).targetGroups().stream()
                        .filter(group -> group.targetGroupName().startsWith(prefix)).toList());
        named.forEach(group -> recent.settled(group.targetGroupName()));
        Map<String, Map<String, String>> byArn = tags.read(calls, named.stream().map(TargetGroup::targetGroupArn).toList());
        return named.stream().filter(group -> wanted.owns(byArn.get(group.targetGroupArn()))).toList();
    }

    /**
     * Deletes, by ARN, the target groups of this prefix that were made here and that describe calls did not show,
     * but those named in {@code keep}.
     *
     * @param step the step of each deletion ({@code Steps::delete} or {@code Steps::clean}), with {@code reason}
     */
    void deleteUnlisted(AwsCalls calls, String prefix, Set<String> keep, StepOf step, String reason) {
        recent.unlistedWithPrefix(prefix).forEach((name, arn) -> {
            if (keep.contains(name)) {
                return;
            }
            calls.writeUnlessGone(step.of(Steps.TARGET_GROUP, name, reason), "DeleteTargetGroup",
                    name + " " + arn + " (made, not listed yet)", GONE,
                    () -> elbv2.deleteTargetGroup(r -> r.targetGroupArn(arn)));
            if (!calls.planning()) {
                recent.settled(name);
            }
        });
    }

    /** How a deletion shows in the plan. */
    @FunctionalInterface
    interface StepOf {
        LoadBalancerPlan.Step of(String kind, String resource, String reason);
    }

    void delete(AwsCalls calls, TargetGroup group, LoadBalancerPlan.Step step) {
        if (!calls.planning()) {
            recent.settled(group.targetGroupName());
        }
        calls.writeUnlessGone(step, "DeleteTargetGroup", group.targetGroupName() + " " + group.targetGroupArn(), GONE,
                () -> elbv2.deleteTargetGroup(r -> r.targetGroupArn(group.targetGroupArn())));
    }

    private String create(AwsCalls calls, NlbSpec.TargetGroup group, String vpcId, ResourceTags wanted) {
        CreateTargetGroupRequest.Builder request = CreateTargetGroupRequest.builder()
                .name(group.name()).protocol(group.protocol()).port(group.nodePort()).vpcId(vpcId)
                .targetType(TargetTypeEnum.INSTANCE)
                .healthCheckProtocol(group.healthCheckProtocol()).healthCheckPort(group.healthCheckPort())
                .tags(Elbv2Tags.tags(wanted.all()));
        if (!group.healthCheckPath().isEmpty()) {
            request.healthCheckPath(group.healthCheckPath());
        }
        return calls.write(Steps.create(Steps.TARGET_GROUP, group.name(), group.protocol() + " to NodePort "
                + group.nodePort() + ", health check " + group.healthCheckProtocol() + ":" + group.healthCheckPort()
                + group.healthCheckPath()), AwsCalls.PLANNED, "CreateTargetGroup", group.name() + " in " + vpcId, () -> {
                    recent.attempting(group.name());
                    String arn = elbv2.createTargetGroup(request.build()).targetGroups().get(0).targetGroupArn();
                    recent.created(group.name(), arn);
                    return arn;
                });
    }

    private void repairHealthCheck(AwsCalls calls, NlbSpec.TargetGroup group, TargetGroup present) {
        boolean http = !group.healthCheckPath().isEmpty();
        boolean same = group.healthCheckProtocol().equals(present.healthCheckProtocolAsString())
                && group.healthCheckPort().equals(present.healthCheckPort())
                && (!http || group.healthCheckPath().equals(present.healthCheckPath()));
        if (same) {
            return;
        }
        String arn = present.targetGroupArn();
        calls.write(Steps.update(Steps.HEALTH_CHECK, present.targetGroupName(), present.healthCheckProtocolAsString()
                + ":" + present.healthCheckPort() + (present.healthCheckPath() == null ? "" : present.healthCheckPath())
                + " -> " + group.healthCheckProtocol() + ":" + group.healthCheckPort() + group.healthCheckPath()),
                "ModifyTargetGroup", arn + " health check " + group.healthCheckProtocol() + ":"
                + group.healthCheckPort() + group.healthCheckPath(), () -> elbv2.modifyTargetGroup(r -> {
                    r.targetGroupArn(arn).healthCheckProtocol(group.healthCheckProtocol())
                            .healthCheckPort(group.healthCheckPort());
                    if (http) {
                        r.healthCheckPath(group.healthCheckPath());
                    }
                }));
    }

    private static List<TargetDescription> descriptions(SortedSet<Target> targets) {
        return targets.stream().map(t -> TargetDescription.builder().id(t.id()).port(t.port()).build()).toList();
    }
}
