/**
 * The AWS providers of the load-balancer sync: {@code aws-nlb} (network load balancers, ELBv2), {@code aws-elb}
 * (classic load balancers), {@code aws} (either, per Service, by annotation) and the binding of nodes into a
 * target group made by hand.
 *
 * <p>Start at {@link dev.gatehouse.cloudlb.aws.AwsProviders}, made from
 * {@link dev.gatehouse.cloudlb.aws.AwsSettings}. The rest is package-private, one job each: {@code NlbProvider}
 * and {@code ElbProvider} reconcile one Service's load balancer, the first with {@code NlbSpec} (the wanted
 * listeners and target groups), {@code NlbTargetGroups} and {@code NlbListeners}; {@code PerServiceProvider}
 * picks between them through {@code AwsProvider}, which also tells whether a Service still holds resources;
 * {@code TargetGroupBinding} registers into a foreign target group. Shared by all: {@code Names} (everything named
 * from the Service uid), {@code ResourceTags} (ownership and extra tags), {@code Subnets} (where a new load
 * balancer goes), {@code SecurityGroups} and {@code IngressRule} ({@code loadBalancerSourceRanges}),
 * {@code Instances} (nodes to EC2 instance ids), {@code Target} and {@code TargetDiff} (registrations),
 * {@code Elbv2Tags}; {@code AwsCalls} logs every write and turns SDK failures into
 * {@link dev.gatehouse.cloudlb.LoadBalancerException}s that name the Service, the call and the resource;
 * {@code AwsClients} builds the process's SDK clients with cloud-sdk's {@code AwsRetries} (throttling retried with backoff
 * and jitter by the SDK).
 */
package dev.gatehouse.cloudlb.aws;
