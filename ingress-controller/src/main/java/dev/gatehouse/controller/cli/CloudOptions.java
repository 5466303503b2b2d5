package dev.gatehouse.controller.cli;

import dev.gatehouse.cloudlb.aws.AwsProviders;
import dev.gatehouse.cloudlb.aws.AwsSettings;
import dev.gatehouse.cloudlb.azure.AzureLbSettings;
import dev.gatehouse.cloudlb.azure.AzureLoadBalancing;
import dev.gatehouse.cloudlb.pool.PoolProvider;
import dev.gatehouse.cloudlb.reconciler.LbSettings;
import dev.gatehouse.controller.retry.Backoff;
import dev.gatehouse.controller.runtime.LoadBalancerSetup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * The flags of the load-balancer sync. The Azure subscription and tenant are the DNS sync's
 * {@code --azure-subscription-id} and {@code --azure-tenant-id}, and {@code --dry-run} covers both syncs.
 */
final class CloudOptions {

    @Option(names = "--cloud", paramLabel = "CLOUD",
            description = "Keep load balancers for LoadBalancer Services of class gatehouse.dev/lb: aws, azure, pool "
                    + "(addresses from --lb-address-pool, for bare metal) or none (default: pool when "
                    + "--lb-address-pool is given, else none).")
    String cloud;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "kubernetes",
            description = "Names and tags the cloud resources as this cluster's: kubernetes.io/cluster/NAME=owned "
                    + "(default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--default-load-balancer-class", defaultValue = "false",
            description = "Also serve LoadBalancer Services without spec.loadBalancerClass (default: off; leave it off "
                    + "where the cloud provider's own controller serves them).")
    boolean defaultClass;

    @Option(names = "--lb-address-pool", paramLabel = "CIDR|RANGE", split = ",",
            description = "pool: the addresses to hand out, CIDRs or FIRST-LAST ranges; repeatable.")
    List<String> addressPool = new ArrayList<>();

    @Option(names = "--lb-resync", paramLabel = "DURATION", defaultValue = "5m", converter = Converters.Time.class,
            description = "Reconcile every Service this often to repair drift (default: ${DEFAULT-VALUE}).")
    Duration resync;

    @Option(names = "--lb-bind-allow", paramLabel = "PREFIX", split = ",",
            description = "Services may be bound (gatehouse.dev/aws-target-group-arn, gatehouse.dev/azure-backend-pool-id) "
                    + "only to targets starting with one of these, e.g. arn:aws:elasticloadbalancing:eu-west-1:123456789012:"
                    + "targetgroup/edge- ; repeatable (default: none, no bindings).")
    List<String> bindAllow = new ArrayList<>();

    @Option(names = "--aws-region", paramLabel = "REGION",
            description = "aws: the region (default: the SDK's chain: AWS_REGION, profile, instance metadata).")
    String awsRegion;

    @Option(names = "--aws-load-balancer-type", paramLabel = "TYPE", defaultValue = "nlb",
            description = "aws: nlb or elb (classic), unless a Service says otherwise with "
                    + "gatehouse.dev/aws-load-balancer-type (default: ${DEFAULT-VALUE}).")
    String awsType;

    @Option(names = "--azure-lb-resource-group", paramLabel = "GROUP",
            description = "azure: resource group of the load balancers and their public IPs.")
    String azureResourceGroup;

    @Option(names = "--azure-location", paramLabel = "LOCATION", description = "azure: region, e.g. westeurope.")
    String azureLocation;

    @Option(names = "--azure-virtual-network-id", paramLabel = "ID",
            description = "azure: resource id of the nodes' virtual network (backend pools address nodes in it).")
    String azureVnet;

    @Option(names = "--azure-internal-subnet-id", paramLabel = "ID",
            description = "azure: subnet of internal frontends, unless a Service names one with "
                    + "gatehouse.dev/azure-internal-subnet.")
    String azureInternalSubnet;

    @Option(names = "--azure-security-group-id", paramLabel = "ID",
            description = "azure: the nodes' network security group, where loadBalancerSourceRanges become rules "
                    + "(without it, Services with source ranges are refused).")
    String azureSecurityGroup;

    /** The cloud chosen, with the default applied. */
    String chosen() {
        return cloud != null ? cloud.toLowerCase(Locale.ROOT) : addressPool.isEmpty() ? "none" : "pool";
    }

    /** The sync to run, absent with {@code --cloud none}. */
    Optional<LoadBalancerSetup> setup(CommandLine commandLine, DnsOptions shared) {
        String chosen = chosen();
        if (chosen.equals("none")) {
            return Optional.empty();
        }
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5),
                () -> ThreadLocalRandom.current().nextDouble());
        LbSettings settings = new LbSettings(clusterName, defaultClass, resync, Duration.ofMillis(200), backoff::after,
                shared.dryRun, bindAllow);
        switch (chosen) {
            case "pool" -> {
                try {
                    return Optional.of(new LoadBalancerSetup(PoolProvider.of(addressPool), List.of(), settings));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(commandLine, e.getMessage());
                }
            }
            case "aws" -> {
                AwsProviders aws = AwsProviders.create(AwsSettings.builder().region(region(commandLine))
                        .defaultType(awsType(commandLine)).dryRun(shared.dryRun).build());
                return Optional.of(new LoadBalancerSetup(aws.provider(), List.of(aws.targetGroupBinding()), settings, aws));
            }
            case "azure" -> {
                if (shared.azureSubscription == null || azureResourceGroup == null || azureLocation == null
                        || azureVnet == null) {
                    throw new CommandLine.ParameterException(commandLine, "--cloud azure needs --azure-subscription-id, "
                            + "--azure-lb-resource-group, --azure-location and --azure-virtual-network-id");
                }
                AzureLbSettings.Builder builder = AzureLbSettings.builder(shared.azureSubscription, azureResourceGroup,
                        azureLocation, azureVnet).dryRun(shared.dryRun);
                if (shared.azureTenant != null) {
                    builder.tenantId(shared.azureTenant);
                }
                if (azureInternalSubnet != null) {
                    builder.internalSubnetId(azureInternalSubnet);
                }
                if (azureSecurityGroup != null) {
                    builder.securityGroupId(azureSecurityGroup);
                }
                AzureLoadBalancing azure;
                try {
                    azure = AzureLoadBalancing.create(builder.build());
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(commandLine, e.getMessage());
                }
                return Optional.of(new LoadBalancerSetup(azure.provider(), List.of(azure.backendPoolBinding()), settings));
            }
            default -> throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--cloud': '"
                    + cloud + "' (expected aws, azure, pool or none)");
        }
    }

    private Region region(CommandLine commandLine) {
        if (awsRegion != null) {
            return Region.of(awsRegion);
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new CommandLine.ParameterException(commandLine, "--cloud aws needs a region: give --aws-region, or "
                    + "set AWS_REGION (" + e.getMessage() + ")");
        }
    }

    private AwsSettings.LoadBalancerType awsType(CommandLine commandLine) {
        try {
            return AwsSettings.LoadBalancerType.parse(awsType);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--aws-load-balancer-type': '"
                    + awsType + "' (expected nlb or elb)");
        }
    }
}
