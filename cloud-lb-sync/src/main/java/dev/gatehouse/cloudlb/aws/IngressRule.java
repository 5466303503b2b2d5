package dev.gatehouse.cloudlb.aws;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * One allowed source of one port on a load balancer's security group: what {@code loadBalancerSourceRanges}
 * becomes. The CIDR is kept in one canonical spelling (host bits cleared, IPv6 as RFC 5952 writes it) so that a
 * rule read back from EC2 compares equal to the one that was asked for, however either was written.
 *
 * @param protocol {@code tcp} or {@code udp}, as EC2 writes them
 */
record IngressRule(String protocol, int port, String cidr) implements Comparable<IngressRule> {

    private static final Comparator<IngressRule> ORDER = Comparator.comparing(IngressRule::protocol)
            .thenComparingInt(IngressRule::port).thenComparing(IngressRule::cidr);
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    IngressRule {
        cidr = canonical(cidr);
    }

    boolean ipv6() {
        return cidr.contains(":");
    }

    @Override
    public int compareTo(IngressRule other) {
        return ORDER.compare(this, other);
    }

    /** @throws IllegalArgumentException naming the value when it is not a CIDR */
    static String canonical(String cidr) {
        String trimmed = cidr.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        byte[] bytes;
        if (IPV4_LITERAL.matcher(address).matches()) {
            bytes = new byte[4];
            String[] octets = address.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(octets[i]);
                if (octet > 255) {
                    throw notCidr(cidr);
                }
                bytes[i] = (byte) octet;
            }
        } else if (IPV6_LITERAL.matcher(address).matches()) {
            // With a colon, InetAddress reads an IPv6 literal and never asks DNS.
            try {
                bytes = InetAddress.getByName(address).getAddress();
            } catch (UnknownHostException e) {
                throw notCidr(cidr);
            }
        } else {
            throw notCidr(cidr);
        }
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw notCidr(cidr);
        }
        if (prefix < 0 || prefix > bits) {
            throw notCidr(cidr);
        }
        for (int bit = prefix; bit < bits; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return (bytes.length == 4 ? ipv4(bytes) : ipv6(bytes)) + "/" + prefix;
    }

    private static String ipv4(byte[] bytes) {
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }

    /** RFC 5952: lower-case hex without leading zeros, the longest run of two or more zero groups as {@code ::}. */
    private static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < 8; start++) {
            int end = start;
            while (end < 8 && groups[end] == 0) {
                end++;
            }
            if (end - start > bestLength) {
                bestStart = start;
                bestLength = end - start;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static IllegalArgumentException notCidr(String cidr) {
        return new IllegalArgumentException("\"" + cidr + "\" is not a CIDR (expected: 203.0.113.0/24 or 2001:db8::/32)");
    }
}
