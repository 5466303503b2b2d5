/**
 * What the DNS and load-balancer syncs share about the cloud SDKs, in one place: the AWS retry settings and
 * strategy ({@link dev.gatehouse.cloudsdk.AwsRetries}); the Azure retry settings
 * ({@link dev.gatehouse.cloudsdk.AzureRetry}), environment, transport and login
 * ({@link dev.gatehouse.cloudsdk.AzureManagement}) and how Azure's errors read
 * ({@link dev.gatehouse.cloudsdk.AzureErrors}), failures of either in words
 * ({@link dev.gatehouse.cloudsdk.SdkCauses}); and which of a sync's failures are news, reported once and not once
 * per retry ({@link dev.gatehouse.cloudsdk.FailureReports}); and how their plans print
 * ({@link dev.gatehouse.cloudsdk.PlanColumns}).
 */
package dev.gatehouse.cloudsdk;
