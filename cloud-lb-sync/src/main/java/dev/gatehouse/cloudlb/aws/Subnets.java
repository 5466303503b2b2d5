package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Where a new load balancer goes: the subnets of the {@value AwsProviders#SUBNETS_ANNOTATION} annotation
 * (comma-separated ids), or else those EC2 finds tagged {@code kubernetes.io/role/elb} (internal:
 * {@code kubernetes.io/role/internal-elb}) and {@code kubernetes.io/cluster/<cluster>} ({@code owned} or
 * {@code shared}), one per availability zone (the lowest id when a zone has several), all in one VPC.
 *
 * <p>Asked only when a load balancer is created: AWS fixes a load balancer's VPC at creation, and moving it
 * between subnets is left to whoever re-creates the Service.
 */
final class Subnets {

    static final String PUBLIC_ROLE_TAG = "kubernetes.io/role/elb";
    static final String INTERNAL_ROLE_TAG = "kubernetes.io/role/internal-elb";

    /** The VPC and the subnets, sorted by id, of a load balancer to be created. */
    record Choice(String vpcId, List<String> subnetIds) {
    }

    private final Ec2Client ec2;

    Subnets(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    Choice choose(LoadBalancerRequest request, AwsCalls calls) {
        String annotation = request.annotations().get(AwsProviders.SUBNETS_ANNOTATION);
        return annotation != null && !annotation.isBlank() ? named(annotation, calls) : discovered(request, calls);
    }

    private Choice named(String annotation, AwsCalls calls) {
        Set<String> ids = new TreeSet<>();
        Arrays.stream(annotation.split(",")).map(String::trim).filter(id -> !id.isEmpty()).forEach(ids::add);
        if (ids.isEmpty()) {
            // DescribeSubnets without ids would answer every subnet of the account.
            throw calls.refuse("annotation " + AwsProviders.SUBNETS_ANNOTATION + " \"" + annotation
                    + "\" names no subnet (expected: subnet ids separated by commas)");
        }
        String resource = "subnets " + String.join(",", ids) + " (annotation " + AwsProviders.SUBNETS_ANNOTATION + ")";
        List<Subnet> subnets = calls.read("DescribeSubnets", resource,
                () -> ec2.describeSubnetsPaginator(r -> r.subnetIds(ids)).subnets().stream().toList());
        Map<String, String> byZone = new TreeMap<>();
        for (Subnet subnet : subnets) {
            String other = byZone.put(subnet.availabilityZone(), subnet.subnetId());
            if (other != null) {
                throw calls.refuse("annotation " + AwsProviders.SUBNETS_ANNOTATION + " \"" + annotation + "\" names "
                        + other + " and " + subnet.subnetId() + " in the same availability zone "
                        + subnet.availabilityZone() + " (expected: at most one subnet per zone)");
            }
        }
        return inOneVpc(subnets, "annotation " + AwsProviders.SUBNETS_ANNOTATION + " \"" + annotation + "\"", calls);
    }

    private Choice discovered(LoadBalancerRequest request, AwsCalls calls) {
        String role = request.internal() ? INTERNAL_ROLE_TAG : PUBLIC_ROLE_TAG;
        String clusterTag = ResourceTags.CLUSTER_KEY_PREFIX + request.clusterName();
        String resource = "subnets tagged " + role + " and " + clusterTag;
        List<Subnet> subnets = calls.read("DescribeSubnets", resource, () -> ec2.describeSubnetsPaginator(r -> r.filters(
                        Filter.builder().name("tag-key").values(role).build(),
                        Filter.builder().name("tag:" + clusterTag).values("owned", "shared").build()))
                .subnets().stream().toList());
        if (subnets.isEmpty()) {
            throw calls.refuse("no subnets are tagged " + role + " and " + clusterTag + " (owned or shared)"
                    + " (expected: tag the subnets for " + (request.internal() ? "internal" : "internet-facing")
                    + " load balancers, or name them in the annotation " + AwsProviders.SUBNETS_ANNOTATION + ")");
        }
        Map<String, Subnet> byZone = new TreeMap<>();
        for (Subnet subnet : subnets) {
            byZone.merge(subnet.availabilityZone(), subnet,
                    (kept, next) -> kept.subnetId().compareTo(next.subnetId()) <= 0 ? kept : next);
        }
        return inOneVpc(List.copyOf(byZone.values()), resource, calls);
    }

    private static Choice inOneVpc(List<Subnet> subnets, String source, AwsCalls calls) {
        Map<String, List<String>> byVpc = new TreeMap<>();
        for (Subnet subnet : subnets) {
            byVpc.computeIfAbsent(subnet.vpcId(), vpc -> new ArrayList<>()).add(subnet.subnetId());
        }
        if (byVpc.size() != 1) {
            throw calls.refuse(source + " lie in " + byVpc.size() + " VPCs " + byVpc
                    + " (expected: the subnets of one VPC)");
        }
        Map.Entry<String, List<String>> only = byVpc.entrySet().iterator().next();
        return new Choice(only.getKey(), only.getValue().stream().sorted().toList());
    }
}
