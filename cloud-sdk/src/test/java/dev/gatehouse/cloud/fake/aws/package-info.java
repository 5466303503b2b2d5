/**
 * AWS fakes shared by cloud-lb-sync and dns-sync: WireMock servers that keep ELBv2, classic ELB, EC2
 * ({@link dev.gatehouse.cloud.fake.aws.AwsQueryFake}) and Route 53 ({@link dev.gatehouse.cloud.fake.aws.Route53Model})
 * as state, with eventual consistency, paging, pending changes and injected faults. They depend only on
 * WireMock, Jackson and cloud-sdk; each module builds its own settings and providers on top.
 */
package dev.gatehouse.cloud.fake.aws;
