package dev.gatehouse.cloudlb.pool;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The addresses of {@code --lb-address-pool}: CIDRs ({@code 192.0.2.0/28}, {@code 2001:db8::/120}) and
 * ranges ({@code 192.0.2.10-192.0.2.20}), walked in the order given, lowest address first. Every address
 * of a CIDR is usable, as in MetalLB: these are service addresses, not a subnet with hosts.
 */
final class AddressPool {

    private record Range(BigInteger first, BigInteger last, boolean v6) {
    }

    private final List<Range> ranges;
    private final String text;

    private AddressPool(List<Range> ranges, String text) {
        this.ranges = ranges;
        this.text = text;
    }

    /** @throws IllegalArgumentException naming the entry and what was expected */
    static AddressPool parse(List<String> entries) {
        List<Range> ranges = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            try {
                if (entry.contains("/")) {
                    String[] parts = entry.split("/", 2);
                    InetAddress base = literal(parts[0]);
                    int bits = base.getAddress().length * 8;
                    int prefix = Integer.parseInt(parts[1]);
                    if (prefix < 0 || prefix > bits) {
                        throw new IllegalArgumentException("prefix length " + prefix);
                    }
                    BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
                    BigInteger first = number(base).divide(size).multiply(size);
                    ranges.add(new Range(first, first.add(size).subtract(BigInteger.ONE), bits == 128));
                } else if (entry.contains("-")) {
                    String[] parts = entry.split("-", 2);
                    InetAddress from = literal(parts[0].trim());
                    InetAddress to = literal(parts[1].trim());
                    if (from.getAddress().length != to.getAddress().length || number(from).compareTo(number(to)) > 0) {
                        throw new IllegalArgumentException("range runs backwards or mixes IPv4 and IPv6");
                    }
                    ranges.add(new Range(number(from), number(to), from.getAddress().length == 16));
                } else {
                    InetAddress single = literal(entry);
                    ranges.add(new Range(number(single), number(single), single.getAddress().length == 16));
                }
            } catch (IllegalArgumentException | UnknownHostException e) {
                throw new IllegalArgumentException("--lb-address-pool entry \"" + entry + "\" is not a CIDR, a range or "
                        + "an address (expected e.g. 192.0.2.0/28 or 192.0.2.10-192.0.2.20): " + e.getMessage(), e);
            }
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("--lb-address-pool is empty (expected CIDRs or ranges of addresses)");
        }
        return new AddressPool(List.copyOf(ranges), String.join(",", entries));
    }

    boolean contains(String address) {
        Optional<BigInteger> n = parse(address);
        return n.isPresent() && ranges.stream().anyMatch(r -> r.v6() == address.contains(":")
                && r.first().compareTo(n.get()) <= 0 && n.get().compareTo(r.last()) <= 0);
    }

    /** The lowest address that {@code taken} does not hold, if any. */
    Optional<String> firstFree(Predicate<String> taken) {
        for (Range range : ranges) {
            for (BigInteger n = range.first(); n.compareTo(range.last()) <= 0; n = n.add(BigInteger.ONE)) {
                String address = text(n, range.v6());
                if (!taken.test(address)) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }

    BigInteger size() {
        return ranges.stream().map(r -> r.last().subtract(r.first()).add(BigInteger.ONE))
                .reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** The same spelling for an address whichever way it was written, so that statuses compare. */
    static String canonical(String address) {
        try {
            return InetAddress.getByName(literal(address.trim()).getHostAddress()).getHostAddress();
        } catch (IllegalArgumentException | UnknownHostException e) {
            return address.trim();
        }
    }

    @Override
    public String toString() {
        return text;
    }

    private static Optional<BigInteger> parse(String address) {
        try {
            return Optional.of(number(literal(address.trim())));
        } catch (IllegalArgumentException | UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static InetAddress literal(String text) throws UnknownHostException {
        // only literals: getByName would otherwise look a name up in DNS
        if (!text.matches("[0-9A-Fa-f:.]+") || !(text.contains(".") || text.contains(":"))) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
        }
        return InetAddress.getByName(text);
    }

    private static BigInteger number(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    private static String text(BigInteger n, boolean v6) {
        byte[] raw = n.toByteArray();
        byte[] bytes = new byte[v6 ? 16 : 4];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
