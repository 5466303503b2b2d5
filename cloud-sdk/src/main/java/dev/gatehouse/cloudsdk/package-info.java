/**
 * How the DNS and load-balancer syncs set up their cloud SDK clients, in one place: the AWS retry
 * strategy ({@link dev.gatehouse.cloudsdk.AwsRetries}) and the Azure environment, transport, retry policy
 * and credential ({@link dev.gatehouse.cloudsdk.AzureManagement}).
 */
package dev.gatehouse.cloudsdk;
