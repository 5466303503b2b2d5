/**
 * The Azure DNS provider of the DNS sync.
 *
 * <p>Start at {@link dev.gatehouse.dns.azure.AzureDnsProvider}, made by
 * {@link dev.gatehouse.dns.azure.AzureDnsProvider#create} from {@link dev.gatehouse.dns.azure.AzureDnsSettings}.
 * The rest is package-private, one job each: {@code AzureClients} builds the management client (JDK HTTP
 * transport, azure-core retry policy, credential, cloud endpoints); {@code ZoneDirectory} lists, filters and
 * caches zones; {@code ZoneAddress} reads a zone's resource group and name from its ARM id;
 * {@code RecordSetCodec} converts record sets (relative names, TXT strings, alias targets); {@code ETags}
 * remembers what each record set looked like when read; {@code ZoneWriter} sends the conditional writes of
 * one apply and gathers their failures (cloud-sdk's {@code AzureErrors} words what Azure answered).
 */
package dev.gatehouse.dns.azure;
