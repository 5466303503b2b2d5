package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.NodeTarget;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Binds a Service's nodes into a target group made by hand ({@value AwsProviders#TARGET_GROUP_ARN_ANNOTATION}):
 * only RegisterTargets and DeregisterTargets, and only for our own registrations. A target that was there before
 * we came is never claimed, so it is never deregistered either; the target group, its listeners and its load
 * balancer are only read.
 *
 * <p>An {@code instance} target group gets the nodes' instance ids, an {@code ip} one their InternalIP; both on the
 * NodePort, kept on the Service as {@code i-0abc:30080} or {@code 10.0.1.5:30080}.
 */
final class TargetGroupBinding implements BackendBinding {

    private static final Logger LOG = LoggerFactory.getLogger(TargetGroupBinding.class);

    private final ElasticLoadBalancingV2Client elbv2;
    private final NlbTargetGroups targetGroups;

    TargetGroupBinding(AwsClients clients) {
        this.elbv2 = clients.elbv2();
        this.targetGroups = new NlbTargetGroups(elbv2, new Elbv2Tags(elbv2), new RecentCreates());
    }

    @Override
    public String annotation() {
        return AwsProviders.TARGET_GROUP_ARN_ANNOTATION;
    }

    @Override
    public Set<String> ensureBound(String target, int nodePort, List<NodeTarget> nodes, Set<String> registered) {
        AwsCalls calls = calls(target);
        TargetGroup group = calls.readUnlessMissing("DescribeTargetGroups", target, NlbTargetGroups.GONE,
                        () -> elbv2.describeTargetGroups(r -> r.targetGroupArns(target)).targetGroups())
                .flatMap(list -> list.stream().findFirst())
                .orElseThrow(() -> calls.refuse("target group " + target + " does not exist (expected: the ARN of an"
                        + " existing target group in the annotation " + AwsProviders.TARGET_GROUP_ARN_ANNOTATION + ")"));
        Set<Target> wanted = wanted(calls, group, nodePort, nodes);
        Set<Target> ours = parse(registered);
        Set<Target> present = targetGroups.registered(calls, target);

        SortedSet<Target> register = new TreeSet<>(wanted);
        register.removeAll(present);
        SortedSet<Target> deregister = new TreeSet<>(ours);
        deregister.removeAll(wanted);
        deregister.retainAll(present);
        targetGroups.apply(calls, target, target, new TargetDiff<>(register, deregister));

        SortedSet<Target> now = new TreeSet<>(ours);
        now.retainAll(wanted);
        now.addAll(register);
        SortedSet<String> encoded = now.stream().map(Target::encoded).collect(Collectors.toCollection(TreeSet::new));
        return Collections.unmodifiableSortedSet(encoded);
    }

    @Override
    public void ensureUnbound(String target, Set<String> registered) {
        AwsCalls calls = calls(target);
        Optional<Set<Target>> present = targetGroups.registeredUnlessGone(calls, target);
        if (present.isEmpty()) {
            return;
        }
        SortedSet<Target> deregister = new TreeSet<>(parse(registered));
        deregister.retainAll(present.get());
        targetGroups.apply(calls, target, target, new TargetDiff<>(new TreeSet<>(), deregister));
    }

    private static Set<Target> wanted(AwsCalls calls, TargetGroup group, int nodePort, List<NodeTarget> nodes) {
        Set<Target> wanted = new TreeSet<>();
        if (group.targetType() == TargetTypeEnum.INSTANCE) {
            Instances.of(nodes, calls).forEach(id -> wanted.add(new Target(id, nodePort)));
        } else if (group.targetType() == TargetTypeEnum.IP) {
            for (NodeTarget node : nodes) {
                if (node.internalIp() == null || node.internalIp().isEmpty()) {
                    LOG.warn("{}: node {} is left out: it has no InternalIP", calls.subject(), node.name());
                } else {
                    wanted.add(new Target(node.internalIp(), nodePort));
                }
            }
        } else {
            throw calls.refuse("target group " + group.targetGroupArn() + " has target type " + group.targetTypeAsString()
                    + " (expected: instance or ip, to register the nodes on their NodePort)");
        }
        return wanted;
    }

    private static Set<Target> parse(Set<String> registered) {
        Set<Target> targets = new TreeSet<>();
        for (String encoded : registered) {
            targets.add(Target.parse(encoded).orElseThrow(() -> new LoadBalancerException(AwsCalls.REASON,
                    "aws target group binding: registered target \"" + encoded + "\" is not id:port")));
        }
        return targets;
    }

    private static AwsCalls calls(String target) {
        return new AwsCalls("aws target group binding " + target);
    }
}
