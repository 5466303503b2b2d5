package dev.gatehouse.cloudlb.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsNamesAndTagsTest {

    private final AwsCalls calls = new AwsCalls("aws-nlb service default/web");

    @Test
    void namesComeFromTheUidAndFitAwsLimits() {
        Names names = Names.of(Requests.web().build(), calls);

        assertThat(names.loadBalancer()).isEqualTo(Requests.LB_NAME).hasSize(32);
        assertThat(names.targetGroup("TCP_UDP", 32767)).isEqualTo(Requests.TG_PREFIX + "tcpudp32767").hasSize(32);
        assertThat(names.targetGroup("TCP", 30080)).startsWith(names.targetGroupPrefix());
        assertThat(names.securityGroup("nlb")).isEqualTo(Requests.LB_NAME + "-nlb");
    }

    @Test
    void aUidThatIsNotAUuidIsRefused() {
        assertThatThrownBy(() -> Names.of(Requests.web().uid("web-1").build(), calls))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessage("aws-nlb service default/web: uid \"web-1\" is not a UUID (expected: 32 hex digits with or"
                        + " without dashes, as metadata.uid holds)");
    }

    @Test
    void theTagsAnnotationAddsTagsBesideOwnershipAndTheService() {
        ResourceTags tags = ResourceTags.of(Requests.web()
                .annotation(AwsProviders.TAGS_ANNOTATION, "team = edge,, empty=").build(), calls);

        assertThat(tags.all()).containsExactly(entry("empty", ""), entry("gatehouse.dev/service", "default/web"),
                entry("kubernetes.io/cluster/prod", "owned"), entry("team", "edge"));
        assertThat(tags.owns(Map.of("kubernetes.io/cluster/prod", "owned"))).isTrue();
        assertThat(tags.owns(Map.of("kubernetes.io/cluster/prod", "shared"))).isFalse();
        assertThat(tags.missingFrom(Map.of("team", "core", "kubernetes.io/cluster/prod", "owned",
                "gatehouse.dev/service", "default/web", "empty", ""))).containsExactly(entry("team", "edge"));
    }

    @Test
    void aTagsAnnotationThatCannotBeReadIsRefusedNamingTheEntry() {
        assertThatThrownBy(() -> tags("team"))
                .hasMessage("aws-nlb service default/web: annotation gatehouse.dev/aws-load-balancer-tags \"team\": entry"
                        + " \"team\" has no \"=\" (expected: key=value,key=value)");
        assertThatThrownBy(() -> tags("a=1,aws:owner=me")).hasMessageContaining("\"aws:owner=me\" uses the prefix \"aws:\"");
        assertThatThrownBy(() -> tags("kubernetes.io/cluster/prod=shared"))
                .hasMessageContaining("sets a tag Gatehouse owns");
        assertThatThrownBy(() -> tags("=x")).hasMessageContaining("has an empty key");
    }

    @Test
    void anEmptyClusterNameIsRefused() {
        var request = new LoadBalancerRequest(" ", "default", "web", Requests.UID,
                List.of(), List.of(), false, List.of(), 0, Optional.empty(),
                Map.of(), LoadBalancerStatus.none());

        assertThatThrownBy(() -> ResourceTags.ownership(request, calls))
                .isInstanceOf(LoadBalancerException.class)
                .hasMessageContaining("the cluster name is empty");
    }

    private ResourceTags tags(String annotation) {
        return ResourceTags.of(Requests.web().annotation(AwsProviders.TAGS_ANNOTATION, annotation).build(), calls);
    }
}
