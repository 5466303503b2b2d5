package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.FakeElb;
import dev.gatehouse.cloud.fake.aws.FakeEc2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import dev.gatehouse.cloudsdk.testing.Faults;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fifty Services on classic load balancers ({@code aws-elb}) created, changed and deleted in random order while
 * 30% of ELB and EC2 calls fail (500 InternalFailure, 503 ServiceUnavailable, Throttling, RequestLimitExceeded, connection
 * resets, writes applied whose answer is lost) and what was just made stays out of describe calls for a while;
 * then the faults stop. The loops drive the provider as the reconciler does (a Service is ensured when its
 * request changed or its last attempt failed, all of them at each resync; a deleted Service's finalizer is
 * released when {@code ensureDeleted} returns). Within a bounded number of loops AWS must hold exactly what the
 * Services ask for, nothing tagged ours that no Service owns, and what is not ours as it was.
 */
class AwsElbConvergenceTest {

    private static final int SERVICES = 50;

    private final Faults faults = Faults.fromProperty(57);
    private final ServiceChurn churn = new ServiceChurn(faults.seed(), SERVICES);
    private FakeAws aws;
    private AwsProviders providers;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void fiftyServicesConvergeToExactlyWhatTheyAskForAfterTwoMinutesOfThirtyPercentFaults() {
        FakeElb.LoadBalancer foreign = aws.elb.addLoadBalancer("someone-elses", "subnet-0a1", Map.of("team", "data"));
        FakeEc2.Group foreignGroup = aws.ec2.addGroup("someone-elses-sg", "vpc-1", Map.of("team", "data"));
        aws.consistency.lag(2);
        aws.faults(faults.failing(0.3));
        churn.convergeAndCheck("aws-elb", providers.elb(), faults, () -> aws.writes().size(), this::ownedBy);
        assertThat(churn.counted("aws-elb", Action.ADOPT)).as("resources adopted after a lost answer").isPositive();

        for (ServiceChurn.Wanted wanted : churn.live()) {
            Names names = Names.of(wanted.request().build(), new AwsCalls("test"));
            List<FakeElb.LoadBalancer> balancers = aws.elb.loadBalancers().stream()
                    .filter(lb -> lb.name.equals(names.loadBalancer())).toList();
            assertThat(balancers).as("load balancers of " + wanted.name).hasSize(1);
            assertThat(balancers.get(0).listeners.keySet()).containsExactlyInAnyOrderElementsOf(wanted.ports.keySet());
            assertThat(balancers.get(0).instances).as("instances of " + wanted.name).hasSize(wanted.nodes.size());
        }
        assertThat(aws.elb.loadBalancer("someone-elses")).get().isSameAs(foreign);
        assertThat(aws.ec2.groupNamed("someone-elses-sg")).get().isSameAs(foreignGroup);
    }

    /** Load balancers and security groups made for the Service with this uid. */
    private int ownedBy(String uid) {
        Names names = Names.of(new ServiceChurn.Wanted("x", uid).request().build(), new AwsCalls("test"));
        return (int) (aws.elb.loadBalancers().stream().filter(lb -> lb.name.equals(names.loadBalancer())).count()
                + aws.ec2.groups().stream().filter(g -> g.name.equals(names.securityGroup(ElbProvider.SECURITY_GROUP_KIND)))
                .count());
    }
}
