/**
 * What the cloud fakes of cloud-lb-sync and dns-sync share: {@link dev.gatehouse.cloudsdk.testing.Faults}, the
 * seeded fault model (which calls fail, and how) that each fake renders in its cloud's own words; and
 * {@link dev.gatehouse.cloudsdk.testing.EventTally}, what each object went through beside the Events reported.
 */
package dev.gatehouse.cloudsdk.testing;
