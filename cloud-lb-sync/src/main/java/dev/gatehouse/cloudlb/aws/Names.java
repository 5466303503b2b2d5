package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The names of what we create for a Service, all made from its uid so that a Service re-created with the same
 * name never adopts its predecessor's resources.
 *
 * <ul>
 *   <li>load balancer (NLB or classic): {@code gh-} and the first 29 hex digits of the uid without dashes, 32
 *       characters, AWS's limit for both kinds;
 *   <li>target group of one NodePort: {@code gh-}, the first 17 hex digits, {@code -}, the protocol in lower case
 *       ({@code tcp}, {@code udp}, {@code tcpudp}) and the NodePort, at most 32 characters; 17 hex digits of a
 *       random uid leave 64 random bits, plenty for the names of one account and region;
 *   <li>security group: the load balancer's name and {@code -nlb} or {@code -elb}, so that switching a Service from
 *       one kind to the other never has the two share (and the old one's deletion delete) a group.
 * </ul>
 */
final class Names {

    static final String PREFIX = "gh-";
    private static final int LOAD_BALANCER_UID_CHARS = 29;
    private static final int TARGET_GROUP_UID_CHARS = 17;
    private static final Pattern UUID_HEX = Pattern.compile("[0-9a-f]{32}");

    private final String uidHex;

    private Names(String uidHex) {
        this.uidHex = uidHex;
    }

    static Names of(LoadBalancerRequest request, AwsCalls calls) {
        String hex = request.compactUid().toLowerCase(Locale.ROOT);
        if (!UUID_HEX.matcher(hex).matches()) {
            throw new LoadBalancerException(AwsCalls.REASON, calls.subject() + ": uid \"" + request.uid()
                    + "\" is not a UUID (expected: 32 hex digits with or without dashes, as metadata.uid holds)");
        }
        return new Names(hex);
    }

    String loadBalancer() {
        return PREFIX + uidHex.substring(0, LOAD_BALANCER_UID_CHARS);
    }

    /** What every one of the Service's target group names starts with, to find them when nothing else points at them. */
    String targetGroupPrefix() {
        return PREFIX + uidHex.substring(0, TARGET_GROUP_UID_CHARS) + "-";
    }

    /** @param protocol {@code TCP}, {@code UDP} or {@code TCP_UDP} */
    String targetGroup(String protocol, int nodePort) {
        return targetGroupPrefix() + protocol.toLowerCase(Locale.ROOT).replace("_", "") + nodePort;
    }

    /** @param kind {@code nlb} or {@code elb} */
    String securityGroup(String kind) {
        return loadBalancer() + "-" + kind;
    }
}
