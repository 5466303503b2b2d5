/**
 * The bare-metal provider: LoadBalancer Services get an address from configured CIDRs and ranges,
 * kept in the Service's own status (so a restart or a new leader reads the allocations back from
 * the cluster). Start at {@link dev.gatehouse.cloudlb.pool.PoolProvider}; {@code AddressPool} parses and
 * walks the ranges.
 */
package dev.gatehouse.cloudlb.pool;
