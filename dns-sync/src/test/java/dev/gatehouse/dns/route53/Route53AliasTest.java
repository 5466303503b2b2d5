package dev.gatehouse.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.gatehouse.dns.Changes;
import dev.gatehouse.dns.DnsException;
import dev.gatehouse.dns.DnsRecord;
import dev.gatehouse.dns.RecordType;
import dev.gatehouse.dns.Zone;
import dev.gatehouse.cloud.fake.aws.Route53Fake.SentChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Route53AliasTest {

    private static final Zone ZONE = new Zone("Z1", "example.com");
    private static final String NLB = "edge-0123456789abcdef.elb.us-east-1.amazonaws.com";
    private static final String DUALSTACK_ALB = "dualstack.edge-1234567890.eu-west-1.elb.amazonaws.com";
    private static final String CLASSIC_ELB = "internal-edge-42.ap-northeast-1.elb.amazonaws.com";

    private static FakeRoute53 route53;

    @BeforeAll
    static void start() {
        route53 = new FakeRoute53();
    }

    @AfterAll
    static void stop() {
        route53.close();
    }

    @BeforeEach
    void reset() {
        route53.reset();
        route53.acceptChanges("Z1", "C1");
    }

    @Test
    void aCnameToANetworkLoadBalancerBecomesAnAliasARecord() {
        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.adjust(ZONE, cname("example.com", NLB.toUpperCase() + ".")))
                    .containsExactly(new DnsRecord("example.com", RecordType.A, 0, List.of(NLB), true));
        }
    }

    @Test
    void aCnameToADualStackLoadBalancerBecomesAliasAAndAaaaRecords() {
        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.adjust(ZONE, cname("www.example.com", DUALSTACK_ALB))).containsExactly(
                    new DnsRecord("www.example.com", RecordType.A, 0, List.of(DUALSTACK_ALB), true),
                    new DnsRecord("www.example.com", RecordType.AAAA, 0, List.of(DUALSTACK_ALB), true));
        }
    }

    @Test
    void aCnameToAClassicLoadBalancerBecomesAnAliasARecord() {
        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.adjust(ZONE, cname("api.example.com", CLASSIC_ELB)))
                    .containsExactly(new DnsRecord("api.example.com", RecordType.A, 0, List.of(CLASSIC_ELB), true));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "edge.example.net",
        "edge-1.us-east-1.elb.amazonaws.com.cn",
        "edge-1.elb.cn-north-1.amazonaws.com",
        "edge-1.xx-nowhere-9.elb.amazonaws.com",
        "us-east-1.elb.amazonaws.com",
        "edge-1.us-east-1.elb.amazonaws.com.example.net"
    })
    void aCnameToAnythingElseStaysACname(String target) {
        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.adjust(ZONE, cname("www.example.com", target)))
                    .containsExactly(cname("www.example.com", target));
        }
    }

    @Test
    void aCnameWithSeveralTargetsOrAnotherTypeIsKept() {
        DnsRecord address = DnsRecord.of("www.example.com", RecordType.A, 300, "192.0.2.1");
        DnsRecord two = DnsRecord.of("www.example.com", RecordType.CNAME, 300, NLB, CLASSIC_ELB);

        try (Route53Provider provider = route53.provider()) {
            assertThat(provider.adjust(ZONE, address)).containsExactly(address);
            assertThat(provider.adjust(ZONE, two)).containsExactly(two);
        }
    }

    @Test
    void aliasRecordsNameTheLoadBalancersHostedZoneAndEvaluateTargetHealth() {
        try (Route53Provider provider = route53.provider()) {
            List<DnsRecord> creates = new ArrayList<>();
            creates.addAll(provider.adjust(ZONE, cname("example.com", NLB)));
            creates.addAll(provider.adjust(ZONE, cname("www.example.com", DUALSTACK_ALB)));
            creates.addAll(provider.adjust(ZONE, cname("api.example.com", CLASSIC_ELB)));

            provider.apply(ZONE, new Changes(creates, List.of(), List.of()));
        }

        assertThat(route53.batches("Z1")).singleElement().satisfies(batch -> {
            assertThat(batch).extracting(SentChange::action, SentChange::name, SentChange::type,
                    SentChange::aliasZoneId, SentChange::aliasDnsName, SentChange::evaluateTargetHealth)
                    .containsExactly(
                            tuple("CREATE", "example.com.", "A", "Z26RNL4JYFTOTI", NLB, true),
                            tuple("CREATE", "www.example.com.", "A", "Z32O12XQLNTSW2", DUALSTACK_ALB, true),
                            tuple("CREATE", "www.example.com.", "AAAA", "Z32O12XQLNTSW2", DUALSTACK_ALB, true),
                            tuple("CREATE", "api.example.com.", "A", "Z14GRHDCWA56QT", CLASSIC_ELB, true));
            assertThat(batch).allSatisfy(change -> {
                assertThat(change.ttl()).isNull();
                assertThat(change.values()).isEmpty();
            });
        });
    }

    @Test
    void anAliasToSomethingThatIsNotALoadBalancerIsRefusedBeforeAnythingIsSent() {
        DnsRecord alias = new DnsRecord("www.example.com", RecordType.A, 0, List.of("edge.example.net"), true);

        try (Route53Provider provider = route53.provider()) {
            assertThatThrownBy(() -> provider.apply(ZONE, new Changes(List.of(alias), List.of(), List.of())))
                    .isInstanceOf(DnsException.class)
                    .hasMessage("route53 zone example.com (Z1): alias record www.example.com 0 ALIAS A edge.example.net"
                            + " points at \"edge.example.net\", which is not an AWS load balancer hostname (expected"
                            + " name.<region>.elb.amazonaws.com or name.elb.<region>.amazonaws.com)");
        }
        assertThat(route53.requests()).isZero();
    }

    private static DnsRecord cname(String name, String target) {
        return DnsRecord.of(name, RecordType.CNAME, 300, target);
    }
}
