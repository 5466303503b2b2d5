package dev.gatehouse.routing;

import java.util.Locale;

/**
 * The host part of a {@link VirtualHost}: one exact name, a wildcard covering exactly one extra leading
 * label ({@code *.example.com} matches {@code a.example.com}, not {@code a.b.example.com} nor
 * {@code example.com}), or any host.
 *
 * @param kind  which of the three forms this is
 * @param value the lower-case name as written ({@code foo.example.com}, {@code *.example.com}), or
 *              {@code "*"} for any host
 */
public record HostPattern(Kind kind, String value) implements Comparable<HostPattern> {

    /** The three forms, in the order a request tries them. */
    public enum Kind { EXACT, WILDCARD, ANY }

    private static final HostPattern ANY_HOST = new HostPattern(Kind.ANY, "*");

    public HostPattern {
        if (kind == null || value == null) {
            throw new IllegalArgumentException("host pattern needs a kind and a value");
        }
        if (!value.equals(value.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("host pattern \"" + value + "\" must be lower case");
        }
        switch (kind) {
            case ANY -> {
                if (!value.equals("*")) {
                    throw new IllegalArgumentException("the any-host pattern is written \"*\", not \"" + value + "\"");
                }
            }
            case WILDCARD -> {
                if (!value.startsWith("*.") || value.length() < 3 || value.indexOf('*', 1) >= 0) {
                    throw new IllegalArgumentException(
                            "wildcard host \"" + value + "\" must be \"*.\" followed by a domain (expected e.g. *.example.com)");
                }
            }
            case EXACT -> {
                if (value.isEmpty() || value.indexOf('*') >= 0) {
                    throw new IllegalArgumentException("exact host \"" + value + "\" must be a non-empty name without \"*\"");
                }
            }
        }
    }

    /** The pattern matching every host: host-less Ingress rules live here. */
    public static HostPattern any() {
        return ANY_HOST;
    }

    /**
     * Reads a host as an Ingress rule writes it: empty or null means any host, a leading {@code *.}
     * a wildcard, anything else one exact name. Case is folded; validation of the DNS syntax is the
     * translator's job, so that it can report the object and field.
     */
    public static HostPattern of(String host) {
        if (host == null || host.isEmpty()) {
            return ANY_HOST;
        }
        String lower = host.toLowerCase(Locale.ROOT);
        return new HostPattern(lower.startsWith("*.") ? Kind.WILDCARD : Kind.EXACT, lower);
    }

    /** For a wildcard, the domain below the wildcard label ({@code example.com} for {@code *.example.com}). */
    String wildcardDomain() {
        return value.substring(2);
    }

    /** Exact hosts first, then wildcards, then any host; by name within a kind. */
    @Override
    public int compareTo(HostPattern other) {
        int byKind = kind.compareTo(other.kind);
        return byKind != 0 ? byKind : value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
