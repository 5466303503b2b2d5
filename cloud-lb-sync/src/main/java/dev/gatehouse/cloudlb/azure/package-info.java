/**
 * Azure load balancers for the load-balancer sync.
 *
 * <p>Start at {@link dev.gatehouse.cloudlb.azure.AzureLoadBalancing#create}, made from
 * {@link dev.gatehouse.cloudlb.azure.AzureLbSettings}: it gives the provider {@code azure} and the
 * backend-pool binding. The rest is package-private, one job each: {@code AzureClients} builds the network
 * client (JDK HTTP transport with timeouts, azure-core retry policy, credential, cloud endpoints) with
 * {@code ConditionalWritePolicy}, which puts ETags on writes; {@code AzureLoadBalancerProvider} runs the
 * steps of ensure and ensureDeleted; {@code ServiceNames} names what a Service has; {@code ServiceParts} is
 * what a Service wants on a shared load balancer and the edit that merges it into one as read;
 * {@code LoadBalancerUpdates} reads, edits and writes a load balancer under its ETag, again on 412;
 * {@code FrontendTarget} is where a frontend's address comes from; {@code PublicIps} makes, finds and
 * deletes public IPs; {@code SecurityRules} turns source ranges into security-group rules;
 * {@code AzureBackendPoolBinding} registers nodes in a console-made pool; {@code BackendAddresses},
 * {@code OwnershipTags}, {@code ResourceIds} and {@code SyncFailures} are the vocabulary they share (cloud-sdk's
 * {@code AzureErrors} reads what Azure answered).
 */
package dev.gatehouse.cloudlb.azure;
