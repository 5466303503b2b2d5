/**
 * Endpoint selection and health. {@code ClusterRuntime} is a cluster of the live snapshot with its members
 * ({@code Member}: an endpoint, its weight and its {@code MemberHealth}) and its {@code EndpointSelector}: weighted
 * round robin, least request, Maglev consistent hashing, cookie affinity; {@code Canaries} picks a route's canary
 * cluster. Passive outlier detection lives in {@code ClusterRuntime}, active checks in {@code ActiveHealthChecks}
 * and {@code HealthProbe}. Selection sees a request only through {@code SelectionRequest}.
 */
package dev.gatehouse.proxy.balance;
