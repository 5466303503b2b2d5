/**
 * The Route 53 provider of the DNS sync.
 *
 * <p>Start at {@link dev.gatehouse.dns.route53.Route53Provider}, made by
 * {@link dev.gatehouse.dns.route53.Route53Provider#create} from {@link dev.gatehouse.dns.route53.Route53Settings}.
 * The rest is package-private, one job each: {@code RecordSets} converts record sets and {@code TxtValues}
 * quotes TXT texts; {@code LoadBalancerZones} recognizes AWS load balancer hostnames and holds AWS's table
 * of their hosted zones for alias records; {@code ChangeBatches} cuts changes into requests within Route 53's
 * limits; {@code Rejections} reads Route 53's refusals of a batch; {@code ZoneFilter} narrows the hosted
 * zones; {@code Route53Clients} builds the SDK client with cloud-sdk's {@code AwsRetries} (retries with backoff by the
 * SDK) and {@code PacingInterceptor} over a {@code Pacer} (the client-side rate limit).
 */
package dev.gatehouse.dns.route53;
