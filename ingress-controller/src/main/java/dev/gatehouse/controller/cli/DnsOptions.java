package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.dns.DnsSetup;
import dev.gatehouse.dns.DnsProvider;
import dev.gatehouse.dns.DnsSyncSettings;
import dev.gatehouse.dns.OwnershipRegistry;
import dev.gatehouse.dns.Policy;
import dev.gatehouse.dns.azure.AzureDnsProvider;
import dev.gatehouse.dns.azure.AzureDnsSettings;
import dev.gatehouse.dns.rfc2136.Rfc2136Provider;
import dev.gatehouse.dns.rfc2136.Rfc2136Settings;
import dev.gatehouse.dns.route53.Route53Provider;
import dev.gatehouse.dns.route53.Route53Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The flags of the DNS sync, with external-dns's names where they mean the same. */
final class DnsOptions {

    @Option(names = "--dns-provider", paramLabel = "PROVIDER",
            description = "Publish hostnames to this DNS service: route53, azure or rfc2136 (default: none, no DNS sync).")
    String provider;

    @Option(names = "--txt-owner-id", paramLabel = "ID", defaultValue = "default",
            description = "Owner id written into the ownership TXT records; use external-dns's --txt-owner-id to take its "
                    + "records over (default: ${DEFAULT-VALUE}, as external-dns).")
    String ownerId;

    @Option(names = "--txt-prefix", paramLabel = "PREFIX", defaultValue = "",
            description = "Prefix of ownership TXT record names; may hold %%{record_type} (default: none).")
    String txtPrefix;

    @Option(names = "--txt-suffix", paramLabel = "SUFFIX", defaultValue = "",
            description = "Suffix of the first label of ownership TXT record names (default: none).")
    String txtSuffix;

    @Option(names = "--txt-wildcard-replacement", paramLabel = "TEXT", defaultValue = "",
            description = "Stands for a leading * in ownership TXT names, as external-dns's flag (default: none).")
    String txtWildcardReplacement;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "sync",
            description = "sync (create, update, delete), upsert-only (never delete) or create-only (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--domain-filter", paramLabel = "DOMAIN", split = ",",
            description = "Publish only hosts within these domains, and read only zones that overlap them; repeatable "
                    + "(default: every zone).")
    List<String> domainFilter = new ArrayList<>();

    @Option(names = "--zone-id-filter", paramLabel = "ID", split = ",",
            description = "Write only the zones with these provider ids; repeatable (default: all).")
    List<String> zoneIdFilter = new ArrayList<>();

    @Option(names = "--provider-cache-time", paramLabel = "DURATION", converter = Converters.Time.class,
            description = "Reuse a zone's records read from the provider for this long (default: read every loop).")
    Duration providerCacheTime;

    @Option(names = "--dry-run", defaultValue = "false",
            description = "Plan and log each loop's changes, never write them (default: off).")
    boolean dryRun;

    @Option(names = "--dns-interval", paramLabel = "DURATION", defaultValue = "1m", converter = Converters.Time.class,
            description = "Resync DNS this often; changes to the objects trigger a loop sooner (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--dns-max-delete-share", paramLabel = "SHARE", defaultValue = "0.5",
            description = "Safety rule: one loop deletes at most this share (0 to 1) of the records we own in a zone; more "
                    + "is held back until the same deletes were planned for --dns-delete-hold (default: ${DEFAULT-VALUE}).")
    double maxDeleteShare;

    @Option(names = "--dns-delete-hold", paramLabel = "DURATION", defaultValue = "10m", converter = Converters.Time.class,
            description = "How long held-back deletes wait (default: ${DEFAULT-VALUE}).")
    Duration deleteHold;

    @Option(names = "--rfc2136-server", paramLabel = "HOST:PORT",
            description = "rfc2136: the primary server that takes updates (port 53 when left out).")
    String rfc2136Server;

    @Option(names = "--rfc2136-zone", paramLabel = "ZONE", split = ",",
            description = "rfc2136: a zone to manage; repeatable.")
    List<String> rfc2136Zones = new ArrayList<>();

    @Option(names = "--rfc2136-tsig-name", paramLabel = "NAME", defaultValue = "",
            description = "rfc2136: name of the TSIG key that signs updates and zone transfers.")
    String tsigName;

    @Option(names = "--rfc2136-tsig-secret", paramLabel = "BASE64", defaultValue = "",
            description = "rfc2136: the key's secret (prefer --rfc2136-tsig-secret-file: command lines are visible to "
                    + "other users).")
    String tsigSecret;

    @Option(names = "--rfc2136-tsig-secret-file", paramLabel = "FILE",
            description = "rfc2136: file holding the key's secret, such as a mounted Secret.")
    Path tsigSecretFile;

    @Option(names = "--rfc2136-tsig-algorithm", paramLabel = "ALGORITHM", defaultValue = "hmac-sha256",
            description = "rfc2136: hmac-sha256, hmac-sha512, hmac-sha384, hmac-sha224, hmac-sha1 or hmac-md5 "
                    + "(default: ${DEFAULT-VALUE}).")
    String tsigAlgorithm;

    @Option(names = "--aws-zone-type", paramLabel = "TYPE", defaultValue = "any",
            description = "route53: public, private or any hosted zones (default: ${DEFAULT-VALUE}).")
    String awsZoneType;

    @Option(names = "--aws-wait-for-change", defaultValue = "false",
            description = "route53: wait until each change is INSYNC (default: off).")
    boolean awsWaitForChange;

    @Option(names = "--azure-subscription-id", paramLabel = "ID",
            description = "azure: subscription of the DNS zones.")
    String azureSubscription;

    @Option(names = "--azure-tenant-id", paramLabel = "ID",
            description = "azure: tenant to authenticate in (default: DefaultAzureCredential's choice).")
    String azureTenant;

    @Option(names = "--azure-resource-group", paramLabel = "GROUP", split = ",",
            description = "azure: resource group of the zones; repeatable.")
    List<String> azureResourceGroups = new ArrayList<>();

    boolean enabled() {
        return provider != null;
    }

    /** The sync to run, absent without --dns-provider. Credentials are not touched before the sync starts. */
    Optional<DnsSetup> setup(CommandLine commandLine) {
        if (provider == null) {
            return Optional.empty();
        }
        Supplier<DnsProvider> providers = switch (provider.toLowerCase(Locale.ROOT)) {
            case "rfc2136" -> rfc2136(commandLine);
            case "route53" -> route53(commandLine);
            case "azure" -> azure(commandLine);
            default -> throw invalid(commandLine, "--dns-provider", provider, "route53, azure or rfc2136");
        };
        Policy chosen = Policy.parse(policy)
                .orElseThrow(() -> invalid(commandLine, "--policy", policy, "sync, upsert-only or create-only"));
        if (maxDeleteShare < 0 || maxDeleteShare > 1) {
            throw invalid(commandLine, "--dns-max-delete-share", Double.toString(maxDeleteShare), "a share from 0 to 1");
        }
        OwnershipRegistry registry;
        try {
            registry = new OwnershipRegistry(ownerId, txtPrefix, txtSuffix, txtWildcardReplacement);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        DnsSyncSettings sync = DnsSyncSettings.defaults(ownerId).withRegistry(registry).withPolicy(chosen)
                .withFilters(domainFilter, zoneIdFilter)
                .withProviderCacheTime(providerCacheTime == null ? Duration.ZERO : providerCacheTime)
                .withDryRun(dryRun)
                .withSafety(maxDeleteShare, 1, deleteHold);
        return Optional.of(DnsSetup.of(providers, sync).withInterval(interval));
    }

    private Supplier<DnsProvider> rfc2136(CommandLine commandLine) {
        if (rfc2136Server == null) {
            throw invalid(commandLine, "--rfc2136-server", "", "HOST:PORT of the primary server");
        }
        String host = rfc2136Server;
        int port = 53;
        int colon = rfc2136Server.lastIndexOf(':');
        if (colon > 0 && rfc2136Server.indexOf(':') == colon) {
            host = rfc2136Server.substring(0, colon);
            try {
                port = Integer.parseInt(rfc2136Server.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw invalid(commandLine, "--rfc2136-server", rfc2136Server, "HOST:PORT with a numeric port");
            }
        }
        String secret = tsigSecret;
        if (tsigSecretFile != null) {
            try {
                secret = Files.readString(tsigSecretFile).trim();
            } catch (IOException e) {
                throw new CommandLine.ParameterException(commandLine, "Invalid value for option "
                        + "'--rfc2136-tsig-secret-file': cannot read '" + tsigSecretFile + "' (" + e.getMessage() + ")");
            }
        }
        Rfc2136Settings settings;
        try {
            settings = new Rfc2136Settings(host, port, rfc2136Zones, tsigName, secret, tsigAlgorithm,
                    Duration.ofSeconds(10), 200);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        return () -> Rfc2136Provider.create(settings);
    }

    private Supplier<DnsProvider> route53(CommandLine commandLine) {
        Route53Settings.ZoneType type;
        try {
            type = Route53Settings.ZoneType.valueOf(awsZoneType.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(commandLine, "--aws-zone-type", awsZoneType, "public, private or any");
        }
        Route53Settings settings = Route53Settings.builder().domainFilter(domainFilter).zoneIdFilter(zoneIdFilter)
                .zoneType(type).waitForChange(awsWaitForChange).build();
        return () -> Route53Provider.create(settings);
    }

    private Supplier<DnsProvider> azure(CommandLine commandLine) {
        if (azureSubscription == null || azureResourceGroups.isEmpty()) {
            throw new CommandLine.ParameterException(commandLine, "--dns-provider azure needs --azure-subscription-id and "
                    + "at least one --azure-resource-group (expected the subscription and resource groups of the zones)");
        }
        AzureDnsSettings.Builder builder = AzureDnsSettings.builder(azureSubscription)
                .resourceGroups(azureResourceGroups).domainFilter(domainFilter);
        if (azureTenant != null) {
            builder.tenantId(azureTenant);
        }
        AzureDnsSettings settings = builder.build();
        return () -> AzureDnsProvider.create(settings);
    }

    private static CommandLine.ParameterException invalid(CommandLine commandLine, String option, String value,
                                                          String expected) {
        return new CommandLine.ParameterException(commandLine, "Invalid value for option '" + option + "': '" + value
                + "' (expected " + expected + ")");
    }
}
