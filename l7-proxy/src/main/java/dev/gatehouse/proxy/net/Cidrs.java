package dev.gatehouse.proxy.net;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of IP ranges ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or single addresses), matched against
 * address literals without any name lookup. An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}), as a
 * dual-stack socket or a PROXY protocol header may give it, is the IPv4 address it maps, in a range and
 * in an address alike.
 */
public final class Cidrs {

    private static final int MAPPED_PREFIX_BITS = 96;

    private final List<Range> ranges;

    private Cidrs(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * @throws IllegalArgumentException naming the entry that is not an address or range
     */
    public static Cidrs parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : entries) {
            String text = entry.trim();
            int slash = text.indexOf('/');
            byte[] address = NetUtil.createByteArrayFromIpAddressString(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("\"" + entry + "\" is not an IP address or CIDR range (expected e.g. 10.0.0.0/8)");
            }
            int bits = address.length * 8;
            boolean mapped = isIpv4Mapped(address);
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("\"" + entry + "\" has a prefix length outside 0-" + address.length * 8);
                }
            }
            if (mapped && bits >= MAPPED_PREFIX_BITS) {
                ranges.add(new Range(ipv4(address), bits - MAPPED_PREFIX_BITS));
            } else {
                ranges.add(new Range(address, bits));
            }
        }
        return new Cidrs(List.copyOf(ranges));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (an IP literal; anything else never matches) is in one of the ranges. */
    public boolean contains(String address) {
        if (ranges.isEmpty() || address == null) {
            return false;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address.trim());
        if (bytes == null) {
            return false;
        }
        if (isIpv4Mapped(bytes)) {
            bytes = ipv4(bytes);
        }
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ::ffff:0:0/96}: ten zero bytes, then two 0xff. */
    private static boolean isIpv4Mapped(byte[] address) {
        if (address.length != 16 || address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ipv4(byte[] mapped) {
        return Arrays.copyOfRange(mapped, 12, 16);
    }

    private record Range(byte[] network, int bits) {
        public boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
