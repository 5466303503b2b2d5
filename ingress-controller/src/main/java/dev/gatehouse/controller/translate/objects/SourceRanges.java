package dev.gatehouse.controller.translate.objects;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Checks a CIDR block or single address as written in a label or annotation, without any name lookup. */
public final class SourceRanges {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private SourceRanges() {
    }

    /** Why {@code range} is not a CIDR block or an address, or null when it is one. */
    public static String problem(String range) {
        int slash = range.indexOf('/');
        String address = slash < 0 ? range : range.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        // a literal with ':' is parsed as IPv6 by InetAddress, never resolved as a name
        boolean v6 = !v4 && address.indexOf(':') >= 0 && IPV6.matcher(address).matches() && parses(address);
        if (!v4 && !v6) {
            return "\"" + range + "\" is not an IP address or CIDR block (expected e.g. 10.0.0.0/8, 192.168.1.7 or 2001:db8::/32)";
        }
        if (slash < 0) {
            return null;
        }
        String bits = range.substring(slash + 1);
        int max = v4 ? 32 : 128;
        if (!bits.matches("[0-9]{1,3}") || Integer.parseInt(bits) > max) {
            return "\"" + range + "\" has prefix length \"" + bits + "\" (expected 0 to " + max + ")";
        }
        return null;
    }

    private static boolean parses(String literal) {
        try {
            InetAddress.getByName(literal);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
