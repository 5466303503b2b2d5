package dev.gatehouse.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Canonical DNS names: lower case, no trailing dot, so names from any provider compare equal. */
public final class DnsNames {

    private DnsNames() {
    }

    public static String canonical(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** Whether {@code name} is {@code zone} itself or lies under it. */
    public static boolean isWithin(String name, String zone) {
        String n = canonical(name);
        String z = canonical(zone);
        return n.equals(z) || n.endsWith("." + z);
    }

    /**
     * One spelling per IPv6 address ({@code 2001:db8:0:0:0:0:0:1}), so that a provider's compressed form
     * and ours compare equal. Text that is not an IPv6 literal is returned unchanged for the provider to
     * reject with its own message.
     */
    public static String canonicalIpv6(String address) {
        String trimmed = address.trim();
        if (trimmed.indexOf(':') < 0 || !trimmed.matches("[0-9A-Fa-f:.]+")) {
            return trimmed;
        }
        try {
            return InetAddress.getByName(trimmed).getHostAddress();
        } catch (UnknownHostException e) {
            return trimmed;
        }
    }

    /** Whether a name fits DNS's limits: labels of 1 to 63 characters, 253 in all. */
    public static boolean isValidName(String name) {
        String canonical = canonical(name);
        if (canonical.isEmpty() || canonical.length() > 253) {
            return false;
        }
        for (String label : canonical.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
        }
        return true;
    }

    /** Whether the text is an IPv4 or IPv6 literal rather than a hostname. */
    public static boolean isAddress(String target) {
        return isIpv4(target) || target.indexOf(':') >= 0;
    }

    public static boolean isIpv4(String target) {
        String[] parts = target.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
