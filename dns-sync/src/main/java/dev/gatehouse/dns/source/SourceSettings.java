package dev.gatehouse.dns.source;

import java.util.List;

/**
 * @param defaultTtl seconds, for records without a ttl annotation
 * @param edgeTargets the addresses or hostname this edge is reached at (the publish address): the
 *     target of label vhosts, and of Ingresses and Gateways without status addresses when {@code statuslessUseEdge}
 * @param statuslessUseEdge standalone: no status writer runs, so Ingresses and Gateways point at the edge targets
 */
public record SourceSettings(long defaultTtl, List<String> edgeTargets, boolean statuslessUseEdge) {

    public SourceSettings {
        edgeTargets = List.copyOf(edgeTargets);
    }

    public static SourceSettings cluster(List<String> edgeTargets) {
        return new SourceSettings(300, edgeTargets, false);
    }

    public static SourceSettings standalone(List<String> edgeTargets) {
        return new SourceSettings(300, edgeTargets, true);
    }
}
