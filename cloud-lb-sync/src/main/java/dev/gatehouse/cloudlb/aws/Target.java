package dev.gatehouse.cloudlb.aws;

import java.util.Comparator;
import java.util.Optional;

/**
 * A target registered with a load balancer: an instance id (or, in an {@code ip} target group, an address) and
 * the port it receives traffic on, written {@code i-0abc:30080} where it is kept on a Service.
 */
record Target(String id, int port) implements Comparable<Target> {

    private static final Comparator<Target> ORDER = Comparator.comparing(Target::id).thenComparingInt(Target::port);

    String encoded() {
        return id + ":" + port;
    }

    /** Reads {@link #encoded}; empty for anything else. */
    static Optional<Target> parse(String encoded) {
        int colon = encoded.lastIndexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Target(encoded.substring(0, colon), Integer.parseInt(encoded.substring(colon + 1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public int compareTo(Target other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return encoded();
    }
}
