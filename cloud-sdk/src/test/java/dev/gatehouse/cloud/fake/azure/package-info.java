/**
 * Azure Resource Manager fakes shared by cloud-lb-sync and dns-sync: WireMock over HTTPS that keeps network
 * resources ({@link dev.gatehouse.cloud.fake.azure.ArmModel}) and DNS record sets
 * ({@link dev.gatehouse.cloud.fake.azure.AzureDnsModel}) as state, with paging, long-running operations, ETags
 * and injected faults. They depend only on WireMock, Jackson and cloud-sdk, so that both modules drive their
 * real clients at one behaviour of Azure; each module builds its own settings on top.
 */
package dev.gatehouse.cloud.fake.azure;
