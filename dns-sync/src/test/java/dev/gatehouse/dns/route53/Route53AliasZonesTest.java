package dev.gatehouse.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.dns.route53.LoadBalancerZones.Kind;
import dev.gatehouse.dns.route53.LoadBalancerZones.LoadBalancer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Route53AliasZonesTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1",
        "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-6", "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1",
        "ca-west-1", "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1",
        "eu-south-2", "eu-north-1", "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1",
        "us-gov-east-1", "us-gov-west-1"
    })
    void knowsBothZonesOfEveryCommercialAndGovCloudRegion(String region) {
        LoadBalancer alb = LoadBalancerZones.find("edge-1." + region + ".elb.amazonaws.com").orElseThrow();
        LoadBalancer nlb = LoadBalancerZones.find("edge-1.elb." + region + ".amazonaws.com").orElseThrow();

        assertThat(alb.region()).isEqualTo(region);
        assertThat(alb.kind()).isEqualTo(Kind.CLASSIC_OR_APPLICATION);
        assertThat(nlb.region()).isEqualTo(region);
        assertThat(nlb.kind()).isEqualTo(Kind.NETWORK);
        assertThat(alb.hostedZoneId()).matches("Z[0-9A-Z]{8,}").isNotEqualTo(nlb.hostedZoneId());
        assertThat(nlb.hostedZoneId()).matches("Z[0-9A-Z]{8,}");
    }

    @ParameterizedTest
    @CsvSource({
        // Rows of AWS's "Elastic Load Balancing endpoints and quotas" table.
        "us-east-2, Z3AADJGX6KTTL2, ZLMOA37VPKANP",
        "us-east-1, Z35SXDOTRQ7X7K, Z26RNL4JYFTOTI",
        "us-west-1, Z368ELLRRE2KJ0, Z24FKFUX50B4VW",
        "us-west-2, Z1H1FL5HABSF5, Z18D5FSROUN65G",
        "af-south-1, Z268VQBMOI5EKX, Z203XCE67M25HM",
        "ap-east-1, Z3DQVH9N71FHZ0, Z12Y7K3UBGUAD1",
        "ap-south-2, Z0173938T07WNTVAEPZN, Z0711778386UTO08407HT",
        "eu-central-1, Z215JYRZR1TBD5, Z3F0SRJ5LGBH90",
        "eu-west-1, Z32O12XQLNTSW2, Z2IFOLAFXWLO4F"
    })
    void givesTheZoneAwsPublishesForTheRegionAndKind(String region, String application, String network) {
        assertThat(LoadBalancerZones.find("dualstack.web-1." + region + ".elb.amazonaws.com"))
                .hasValueSatisfying(lb -> {
                    assertThat(lb.hostedZoneId()).isEqualTo(application);
                    assertThat(lb.dualStack()).isTrue();
                });
        assertThat(LoadBalancerZones.find("web-1.elb." + region + ".amazonaws.com"))
                .hasValueSatisfying(lb -> {
                    assertThat(lb.hostedZoneId()).isEqualTo(network);
                    assertThat(lb.dualStack()).isFalse();
                });
    }

    @ParameterizedTest
    @CsvSource({
        "web-1.cn-north-1.elb.amazonaws.com.cn, Z1GDH35T77C1KE",
        "web-1.elb.cn-north-1.amazonaws.com.cn, Z3QFB96KMJ7ED6",
        "dualstack.web-1.cn-northwest-1.elb.amazonaws.com.cn, ZM7IZAIOVVDZF",
        "web-1.elb.cn-northwest-1.amazonaws.com.cn, ZQEIKTCZ8352D"
    })
    void knowsChinasLoadBalancersUnderTheirOwnDomain(String hostname, String zoneId) {
        assertThat(LoadBalancerZones.find(hostname)).hasValueSatisfying(lb ->
                assertThat(lb.hostedZoneId()).isEqualTo(zoneId));
    }
}
