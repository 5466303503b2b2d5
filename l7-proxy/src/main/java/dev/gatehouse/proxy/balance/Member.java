package dev.gatehouse.proxy.balance;

import dev.gatehouse.proxy.upstream.UpstreamEndpoint;

/**
 * One endpoint of one cluster in the live snapshot: where to connect, its weight, its health, and the
 * value that names it in an affinity cookie.
 *
 * @param endpoint   connection identity, shared by every cluster that lists the address
 * @param health     health of this endpoint in this cluster, carried across snapshots
 * @param weight     relative share of requests
 * @param affinityId opaque, stable name for cookies: the same on every replica, not the address itself
 */
public record Member(UpstreamEndpoint endpoint, MemberHealth health, int weight, String affinityId) {

    @Override
    public String toString() {
        return endpoint.toString();
    }
}
