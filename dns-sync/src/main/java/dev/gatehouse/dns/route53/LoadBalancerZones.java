package dev.gatehouse.dns.route53;

import static java.util.Map.entry;

import dev.gatehouse.dns.DnsNames;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes AWS load balancer hostnames and knows the Route 53 hosted zone that holds each one, which an
 * alias record must name as its {@code HostedZoneId}.
 *
 * <p>The zone ids are the per-region values AWS publishes in "Elastic Load Balancing endpoints and quotas"
 * (docs.aws.amazon.com/general/latest/gr/elb.html), one column for Application and Classic Load Balancers and
 * one for Network Load Balancers. A region missing here is not an error: its hostnames stay CNAMEs.
 */
final class LoadBalancerZones {

    /** Which column of AWS's table a load balancer's zone comes from. */
    enum Kind {
        /** Classic and Application Load Balancers: {@code name.region.elb.amazonaws.com}. */
        CLASSIC_OR_APPLICATION,
        /** Network Load Balancers: {@code name.elb.region.amazonaws.com}. */
        NETWORK
    }

    /**
     * A load balancer hostname taken apart.
     *
     * @param dualStack the hostname starts with {@code dualstack.}, so it answers AAAA queries as well as A
     */
    record LoadBalancer(String hostname, String region, Kind kind, boolean dualStack, String hostedZoneId) {
    }

    private record Zones(String classicOrApplication, String network) {
    }

    private static final String LABELS = "(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+";
    private static final String REGION = "(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\\d+)";
    private static final Pattern CLASSIC_OR_APPLICATION =
            Pattern.compile(LABELS + REGION + "\\.elb\\.amazonaws\\.com(?<china>\\.cn)?");
    private static final Pattern NETWORK =
            Pattern.compile(LABELS + "elb\\." + REGION + "\\.amazonaws\\.com(?<china>\\.cn)?");

    private static final Map<String, Zones> BY_REGION = Map.ofEntries(
            entry("us-east-2", new Zones("Z3AADJGX6KTTL2", "ZLMOA37VPKANP")),
            entry("us-east-1", new Zones("Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI")),
            entry("us-west-1", new Zones("Z368ELLRRE2KJ0", "Z24FKFUX50B4VW")),
            entry("us-west-2", new Zones("Z1H1FL5HABSF5", "Z18D5FSROUN65G")),
            entry("af-south-1", new Zones("Z268VQBMOI5EKX", "Z203XCE67M25HM")),
            entry("ap-east-1", new Zones("Z3DQVH9N71FHZ0", "Z12Y7K3UBGUAD1")),
            entry("ap-east-2", new Zones("Z02789141MW7T1WBU19PO", "Z09176273OC2HWIAUNYW")),
            entry("ap-south-2", new Zones("Z0173938T07WNTVAEPZN", "Z0711778386UTO08407HT")),
            entry("ap-southeast-3", new Zones("Z08888821HLRG5A9ZRTER", "Z01971771FYVNCOVWJU1G")),
            entry("ap-southeast-5", new Zones("Z06010284QMVVW7WO5J", "Z026317210H9ACVTRO6FB")),
            entry("ap-southeast-4", new Zones("Z09517862IB2WZLPXG76F", "Z01156963G8MIIL7X90IV")),
            entry("ap-south-1", new Zones("ZP97RAFLXTNZK", "ZVDDRBQ08TROA")),
            entry("ap-southeast-6", new Zones("Z023301818UFJ50CIO0MV", "Z01392953RKV2Q3RBP0KU")),
            entry("ap-northeast-3", new Zones("Z5LXEXXYW11ES", "Z1GWIQ4HH19I5X")),
            entry("ap-northeast-2", new Zones("ZWKZPGTI48KDX", "ZIBE1TIR4HY56")),
            entry("ap-southeast-1", new Zones("Z1LMS91P8CMLE5", "ZKVM4W9LS7TM")),
            entry("ap-southeast-2", new Zones("Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD")),
            entry("ap-southeast-7", new Zones("Z0390008CMBRTHFGWBCB", "Z054363131YWATEMWRG5L")),
            entry("ap-northeast-1", new Zones("Z14GRHDCWA56QT", "Z31USIVHYNEOWT")),
            entry("ca-central-1", new Zones("ZQSVJUPU6J1EY", "Z2EPGBW3API2WT")),
            entry("ca-west-1", new Zones("Z06473681N0SF6OS049SD", "Z02754302KBB00W2LKWZ9")),
            entry("eu-central-1", new Zones("Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90")),
            entry("eu-west-1", new Zones("Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F")),
            entry("eu-west-2", new Zones("ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G")),
            entry("eu-south-1", new Zones("Z3ULH7SSC9OV64", "Z23146JA1KNAFP")),
            entry("eu-west-3", new Zones("Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5")),
            entry("eu-south-2", new Zones("Z0956581394HF5D5LXGAP", "Z1011216NVTVYADP1SSV")),
            entry("eu-north-1", new Zones("Z23TAZ6LKFMNIO", "Z1UDT6IFJ4EJM")),
            entry("eu-central-2", new Zones("Z06391101F2ZOEP8P5EB3", "Z02239872DOALSIDCX66S")),
            entry("il-central-1", new Zones("Z09170902867EHPV2DABU", "Z0313266YDI6ZRHTGQY4")),
            entry("mx-central-1", new Zones("Z023552324OKD1BB28BH5", "Z02031231H3ID6HYJ9A7U")),
            entry("me-south-1", new Zones("ZS929ML54UICD", "Z3QSRYVP46NYYV")),
            entry("me-central-1", new Zones("Z08230872XQRWHG2XF6I", "Z00282643NTTLPANJJG2P")),
            entry("sa-east-1", new Zones("Z2P70J7HTTTPLU", "ZTK26PT1VY4CU")),
            entry("us-gov-east-1", new Zones("Z166TLBEWOO7G0", "Z1ZSMQQ6Q24QQ8")),
            entry("us-gov-west-1", new Zones("Z33AYJ8TM3BH4J", "ZMG1MZ2THAWF1")),
            entry("cn-north-1", new Zones("Z1GDH35T77C1KE", "Z3QFB96KMJ7ED6")),
            entry("cn-northwest-1", new Zones("ZM7IZAIOVVDZF", "ZQEIKTCZ8352D")));

    private LoadBalancerZones() {
    }

    /** The load balancer behind the hostname, when it is one in a region of the table. */
    static Optional<LoadBalancer> find(String hostname) {
        String host = DnsNames.canonical(hostname);
        Matcher network = NETWORK.matcher(host);
        if (network.matches()) {
            return in(host, network, Kind.NETWORK);
        }
        Matcher classic = CLASSIC_OR_APPLICATION.matcher(host);
        if (classic.matches()) {
            return in(host, classic, Kind.CLASSIC_OR_APPLICATION);
        }
        return Optional.empty();
    }

    private static Optional<LoadBalancer> in(String host, Matcher matched, Kind kind) {
        String region = matched.group("region");
        boolean chinaDomain = matched.group("china") != null;
        // China's regions are only reachable under amazonaws.com.cn, and every other region only without it.
        if (chinaDomain != region.startsWith("cn-")) {
            return Optional.empty();
        }
        Zones zones = BY_REGION.get(region);
        if (zones == null) {
            return Optional.empty();
        }
        String zoneId = kind == Kind.NETWORK ? zones.network() : zones.classicOrApplication();
        return Optional.of(new LoadBalancer(host, region, kind, host.startsWith("dualstack."), zoneId));
    }
}
