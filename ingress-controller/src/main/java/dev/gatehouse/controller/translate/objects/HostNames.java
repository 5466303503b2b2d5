package dev.gatehouse.controller.translate.objects;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host of an Ingress rule, checked as the API server checks it: a DNS-1123 subdomain, optionally
 * behind one leading {@code *.} label; IP addresses are not hosts. Case is folded, since host matching
 * is case-insensitive.
 */
public final class HostNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("[0-9]+(\\.[0-9]+){3}");

    private HostNames() {
    }

    /** Null when the host is valid, else what is wrong with it, for "host "X": ...". */
    public static String problem(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("*.")) {
            name = name.substring(2);
        } else if (name.indexOf('*') >= 0) {
            return "a wildcard must be the whole first label (expected e.g. *.example.com)";
        }
        if (name.isEmpty() || name.length() > 253) {
            return "must be a DNS name of 1 to 253 characters";
        }
        if (IPV4.matcher(name).matches() || name.indexOf(':') >= 0) {
            return "must be a DNS name, not an IP address";
        }
        for (String label : name.split("\\.", -1)) {
            if (label.length() > 63 || !LABEL.matcher(label).matches()) {
                return "must be a DNS name (expected dot-separated labels of letters, digits and '-', "
                        + "each starting and ending with a letter or digit)";
            }
        }
        return null;
    }
}
