package dev.gatehouse.cloudlb.aws;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;

/**
 * The listeners of a Service's network load balancer, one per port, each forwarding to its target group. A
 * listener somebody else added to the load balancer (one without our tag) is never changed or deleted.
 */
final class NlbListeners {

    private static final Set<String> GONE = Set.of("ListenerNotFound");

    private final ElasticLoadBalancingV2Client elbv2;
    private final Elbv2Tags tags;

    NlbListeners(ElasticLoadBalancingV2Client elbv2, Elbv2Tags tags) {
        this.elbv2 = elbv2;
        this.tags = tags;
    }

    /**
     * @param present the load balancer's listeners
     * @param presentTags their tags, by ARN
     * @param targetGroupArns the ARN of each of the spec's target groups, by name
     */
    void ensure(AwsCalls calls, String loadBalancerArn, NlbSpec spec, List<Listener> present,
            Map<String, Map<String, String>> presentTags, Map<String, String> targetGroupArns, ResourceTags wanted) {
        Map<Integer, Listener> ours = new TreeMap<>();
        Map<Integer, Listener> theirs = new TreeMap<>();
        for (Listener listener : present) {
            (wanted.owns(presentTags.get(listener.listenerArn())) ? ours : theirs).put(listener.port(), listener);
        }
        for (NlbSpec.Listener listener : spec.listeners()) {
            String targetGroupArn = targetGroupArns.get(listener.targetGroup());
            Action forward = Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(targetGroupArn).build();
            Listener existing = ours.remove(listener.port());
            if (existing == null) {
                Listener foreign = theirs.get(listener.port());
                if (foreign != null) {
                    throw calls.refuse("listener " + foreign.listenerArn() + " on port " + listener.port()
                            + " is not tagged " + wanted.ownershipTag() + ": it is not ours, and it is left untouched"
                            + " (expected: port " + listener.port() + " free for the Service's listener)");
                }
                calls.write(Steps.create(Steps.LISTENER, listener.protocol() + ":" + listener.port(),
                        "forwards to " + listener.targetGroup()), "CreateListener", loadBalancerArn + " " + listener.protocol() + ":" + listener.port()
                        + " -> " + listener.targetGroup(), () -> elbv2.createListener(r -> r
                        .loadBalancerArn(loadBalancerArn).protocol(listener.protocol()).port(listener.port())
                        .defaultActions(forward).tags(Elbv2Tags.tags(wanted.all()))));
                continue;
            }
            if (!listener.protocol().equals(existing.protocolAsString()) || !forwardsOnlyTo(existing, targetGroupArn)) {
                calls.write(Steps.update(Steps.LISTENER, listener.protocol() + ":" + listener.port(),
                        "forwards to " + listener.targetGroup() + " (was " + existing.protocolAsString() + " to "
                        + existing.defaultActions().stream().map(Action::targetGroupArn).toList() + ")"), "ModifyListener", existing.listenerArn() + " " + listener.protocol() + ":" + listener.port()
                        + " -> " + listener.targetGroup(), () -> elbv2.modifyListener(r -> r
                        .listenerArn(existing.listenerArn()).protocol(listener.protocol()).defaultActions(forward)));
            }
            tags.repair(calls, Steps.LISTENER, existing.listenerArn(), wanted, presentTags.get(existing.listenerArn()));
        }
        for (Listener stale : ours.values()) {
            calls.writeUnlessGone(Steps.delete(Steps.LISTENER, stale.protocolAsString() + ":" + stale.port(),
                    "the Service has no port " + stale.port() + " any more"), "DeleteListener", stale.listenerArn() + " port " + stale.port(), GONE,
                    () -> elbv2.deleteListener(r -> r.listenerArn(stale.listenerArn())));
        }
    }

    private static boolean forwardsOnlyTo(Listener listener, String targetGroupArn) {
        if (listener.defaultActions().size() != 1) {
            return false;
        }
        Action action = listener.defaultActions().get(0);
        return action.type() == ActionTypeEnum.FORWARD && targetGroupArn.equals(action.targetGroupArn());
    }
}
