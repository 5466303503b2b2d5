package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.LoadBalancerProvider;

/**
 * The AWS providers of the load-balancer sync, over one set of SDK clients (ELBv2, classic ELB, EC2): make one
 * per process with {@link #create}, take the providers it needs, and {@link #close} it at shutdown. The providers'
 * own {@code close} does nothing, since they share the clients.
 *
 * <p>Every resource is named after the Service's uid ({@code gh-<29 hex digits>}) and tagged
 * {@code kubernetes.io/cluster/<cluster>=owned} and {@code gatehouse.dev/service=<namespace>/<name>}; nothing
 * without that cluster tag is ever changed or deleted.
 *
 * <p>The IAM actions the providers call, and nothing more: {@code elasticloadbalancing:} DescribeLoadBalancers,
 * DescribeTags, DescribeListeners, DescribeTargetGroups, DescribeTargetHealth, CreateLoadBalancer,
 * DeleteLoadBalancer, SetSecurityGroups, AddTags (also needed to tag at creation), CreateListener, ModifyListener,
 * DeleteListener, CreateTargetGroup, ModifyTargetGroup, DeleteTargetGroup, RegisterTargets, DeregisterTargets, and
 * for classic load balancers CreateLoadBalancerListeners, DeleteLoadBalancerListeners,
 * RegisterInstancesWithLoadBalancer, DeregisterInstancesFromLoadBalancer, ConfigureHealthCheck,
 * ApplySecurityGroupsToLoadBalancer; {@code ec2:} DescribeSubnets, DescribeSecurityGroups, CreateSecurityGroup,
 * AuthorizeSecurityGroupIngress, RevokeSecurityGroupIngress, DeleteSecurityGroup, CreateTags (also needed to tag
 * at creation). The binding alone needs only DescribeTargetGroups, DescribeTargetHealth, RegisterTargets and
 * DeregisterTargets.
 */
public final class AwsProviders implements AutoCloseable {

    /** {@code nlb} or {@code elb}: the kind of load balancer, for {@link #provider()}. */
    public static final String TYPE_ANNOTATION = "gatehouse.dev/aws-load-balancer-type";
    /** {@code "true"} for a load balancer on the private network only; the reconciler reads it into the request. */
    public static final String INTERNAL_ANNOTATION = "gatehouse.dev/aws-load-balancer-internal";
    /** Subnet ids, separated by commas, instead of the subnets found by their role and cluster tags. */
    public static final String SUBNETS_ANNOTATION = "gatehouse.dev/aws-subnets";
    /** Extra tags on every resource: {@code k1=v1,k2=v2}. */
    public static final String TAGS_ANNOTATION = "gatehouse.dev/aws-load-balancer-tags";
    /** The ARN of a target group made by hand, for {@link #targetGroupBinding()}. */
    public static final String TARGET_GROUP_ARN_ANNOTATION = "gatehouse.dev/aws-target-group-arn";

    private final AwsClients clients;
    private final NlbProvider nlb;
    private final ElbProvider elb;
    private final PerServiceProvider perService;
    private final TargetGroupBinding binding;

    private AwsProviders(AwsClients clients, AwsSettings.LoadBalancerType defaultType) {
        this.clients = clients;
        this.nlb = new NlbProvider(clients);
        this.elb = new ElbProvider(clients);
        this.perService = new PerServiceProvider(nlb, elb, defaultType);
        this.binding = new TargetGroupBinding(clients);
    }

    public static AwsProviders create(AwsSettings settings) {
        return new AwsProviders(AwsClients.create(settings), settings.defaultType());
    }

    /** {@code aws-nlb}: a network load balancer per Service. */
    public LoadBalancerProvider nlb() {
        return nlb;
    }

    /** {@code aws-elb}: a classic load balancer per Service. */
    public LoadBalancerProvider elb() {
        return elb;
    }

    /**
     * {@code aws}: per Service, a network or a classic load balancer as its {@value #TYPE_ANNOTATION} annotation
     * says ({@link AwsSettings#defaultType()} without it); a change of kind creates the new load balancer, then
     * deletes the old one.
     */
    public LoadBalancerProvider provider() {
        return perService;
    }

    /** Registers nodes into a target group made by hand, named by {@value #TARGET_GROUP_ARN_ANNOTATION}. */
    public BackendBinding targetGroupBinding() {
        return binding;
    }

    @Override
    public void close() {
        clients.close();
    }
}
