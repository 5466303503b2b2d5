/**
 * What the DNS and load-balancer syncs share about the cloud SDKs, in one place: the AWS retry settings and
 * strategy ({@link dev.gatehouse.cloudsdk.AwsRetries}); the Azure retry settings
 * ({@link dev.gatehouse.cloudsdk.AzureRetry}), environment, transport and login
 * ({@link dev.gatehouse.cloudsdk.AzureManagement}) and how Azure's errors read
 * ({@link dev.gatehouse.cloudsdk.AzureErrors}); and failures of either in words
 * ({@link dev.gatehouse.cloudsdk.SdkCauses}).
 */
package dev.gatehouse.cloudsdk;
