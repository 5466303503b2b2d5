package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloud.fake.aws.FakeElbv2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.NodeTarget;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A target group made in the console, behind a load balancer and listener made there too, already holding targets
 * somebody else registered: the binding registers and deregisters its own targets and nothing else.
 */
class AwsTargetGroupBindingTest {

    private FakeAws aws;
    private AwsProviders providers;
    private BackendBinding binding;
    private FakeElbv2.LoadBalancer consoleLb;
    private FakeElbv2.TargetGroup console;

    @BeforeEach
    void start() {
        aws = new FakeAws();
        Requests.seedSubnets(aws.ec2);
        providers = aws.providers();
        binding = providers.targetGroupBinding();
        consoleLb = aws.elbv2.addLoadBalancer("made-by-hand", "internet-facing", "subnet-0a1", Map.of());
        console = aws.elbv2.addTargetGroup("made-by-hand", "instance", "vpc-1", "i-0legacy:8080", "i-0a:30080");
        aws.elbv2.addListener(consoleLb.arn, 443, console.arn);
    }

    @AfterEach
    void stop() {
        providers.close();
        aws.close();
    }

    @Test
    void theBindingIsNamedByTheTargetGroupArnAnnotation() {
        assertThat(binding.annotation()).isEqualTo("gatehouse.dev/aws-target-group-arn");
    }

    @Test
    void bindingRegistersTheNodesOnTheNodePortAndClaimsOnlyWhatItRegistered() {
        Set<String> registered = binding.ensureBound(console.arn, 30080, nodes("0a", "0b"), Set.of());

        assertThat(aws.writeActions()).containsExactly("RegisterTargets");
        assertThat(aws.writes("RegisterTargets").get(0).params())
                .containsEntry("Targets.member.1.Id", "i-0b").containsEntry("Targets.member.1.Port", "30080")
                .doesNotContainKey("Targets.member.2.Id");
        assertThat(registered).as("i-0a:30080 was somebody else's before we came").containsExactly("i-0b:30080");
        assertThat(console.active()).containsExactly("i-0a:30080", "i-0b:30080", "i-0legacy:8080");
    }

    @Test
    void nodesLeavingAreDeregisteredOnlyWhenTheBindingRegisteredThem() {
        Set<String> first = binding.ensureBound(console.arn, 30080, nodes("0b", "0c"), Set.of());
        aws.clearCalls();

        Set<String> second = binding.ensureBound(console.arn, 30080, nodes("0c", "0d"), first);

        assertThat(aws.writeActions()).containsExactly("RegisterTargets", "DeregisterTargets");
        assertThat(aws.writes("RegisterTargets").get(0).param("Targets.member.1.Id")).isEqualTo("i-0d");
        assertThat(aws.writes("DeregisterTargets").get(0).params())
                .containsEntry("Targets.member.1.Id", "i-0b").doesNotContainKey("Targets.member.2.Id");
        assertThat(second).containsExactly("i-0c:30080", "i-0d:30080");
        assertThat(console.active()).containsExactly("i-0a:30080", "i-0c:30080", "i-0d:30080", "i-0legacy:8080");
    }

    @Test
    void aSecondBindWithNothingChangedMakesNoWriteCall() {
        Set<String> first = binding.ensureBound(console.arn, 30080, nodes("0b"), Set.of());
        aws.clearCalls();

        Set<String> second = binding.ensureBound(console.arn, 30080, nodes("0b"), first);

        assertThat(second).isEqualTo(first);
        assertThat(aws.calls()).isNotEmpty();
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void aNewNodePortMovesTheBindingsOwnTargetsToIt() {
        Set<String> first = binding.ensureBound(console.arn, 30080, nodes("0b"), Set.of());
        aws.clearCalls();

        Set<String> second = binding.ensureBound(console.arn, 30081, nodes("0b"), first);

        assertThat(second).containsExactly("i-0b:30081");
        assertThat(console.active()).containsExactly("i-0a:30080", "i-0b:30081", "i-0legacy:8080");
    }

    @Test
    void unbindingDeregistersExactlyWhatTheBindingRegistered() {
        Set<String> registered = binding.ensureBound(console.arn, 30080, nodes("0a", "0b", "0c"), Set.of());
        aws.clearCalls();

        binding.ensureUnbound(console.arn, registered);

        assertThat(aws.writeActions()).containsExactly("DeregisterTargets");
        assertThat(console.active()).containsExactly("i-0a:30080", "i-0legacy:8080");
        aws.clearCalls();

        binding.ensureUnbound(console.arn, registered);

        assertThat(aws.writes()).as("already deregistered").isEmpty();
    }

    @Test
    void theConsoleMadeLoadBalancerListenerAndTargetGroupAreOnlyEverRead() {
        Set<String> registered = binding.ensureBound(console.arn, 30080, nodes("0b"), Set.of());
        registered = binding.ensureBound(console.arn, 30080, nodes("0c"), registered);
        binding.ensureUnbound(console.arn, registered);

        assertThat(aws.writes()).extracting(FakeAws.Call::action).isNotEmpty()
                .allMatch(action -> action.equals("RegisterTargets") || action.equals("DeregisterTargets"));
        assertThat(aws.elbv2.listeners(consoleLb.arn)).singleElement()
                .satisfies(listener -> assertThat(listener.targetGroupArn).isEqualTo(console.arn));
        assertThat(console.tags).isEmpty();
    }

    @Test
    void unbindingFromATargetGroupThatIsGoneSucceeds() {
        binding.ensureUnbound(console.arn.replace("made-by-hand", "deleted-since"), Set.of("i-0b:30080"));

        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void bindingToATargetGroupThatDoesNotExistFailsNamingTheArn() {
        String gone = console.arn.replace("made-by-hand", "deleted-since");

        assertThatThrownBy(() -> binding.ensureBound(gone, 30080, nodes("0b"), Set.of()))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining("target group " + gone + " does not exist");
        assertThat(aws.writes()).isEmpty();
    }

    @Test
    void anIpTargetGroupGetsTheNodesInternalAddresses() {
        FakeElbv2.TargetGroup byIp = aws.elbv2.addTargetGroup("by-ip", "ip", "vpc-1");

        Set<String> registered = binding.ensureBound(byIp.arn, 30080,
                List.of(new NodeTarget("node-0b", "aws:///us-east-1a/i-0b", "10.0.1.7")), Set.of());

        assertThat(registered).containsExactly("10.0.1.7:30080");
        assertThat(byIp.active()).containsExactly("10.0.1.7:30080");
    }

    private static List<NodeTarget> nodes(String... ids) {
        return Arrays.stream(ids).map(id -> Requests.node("node-" + id, "i-" + id)).toList();
    }
}
