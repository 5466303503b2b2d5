package dev.gatehouse.cloudlb.azure;

import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.fluent.models.FrontendIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.LoadBalancerInner;
import com.azure.resourcemanager.network.models.LoadBalancerSku;
import com.azure.resourcemanager.network.models.LoadBalancerSkuName;
import com.azure.resourcemanager.network.models.LoadBalancerSkuTier;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerProvider;
import dev.gatehouse.cloudlb.LoadBalancerPlan;
import dev.gatehouse.cloudlb.LoadBalancerRequest;
import dev.gatehouse.cloudlb.LoadBalancerStatus;
import dev.gatehouse.cloudlb.ResourceReport;
import dev.gatehouse.cloudlb.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code azure} provider: one Standard load balancer per cluster, {@code <cluster>} for public and
 * {@code <cluster>-internal} for internal Services, made on first need and shared by the Services, each of
 * which owns the parts named after its uid (see {@link ServiceNames}, {@link ServiceParts}).
 *
 * <p>{@link #ensure} makes the Service's public IP (or picks its subnet), then edits the load balancer
 * ({@link LoadBalancerUpdates}), then takes the Service off the other load balancer and drops a public IP
 * it no longer uses (a Service can turn internal), then writes its security rules. {@link #ensureDeleted}
 * takes the Service off both load balancers, deleting one that is left empty, then deletes its public IP
 * and its security rules. Each step reads first and writes only what differs.
 */
final class AzureLoadBalancerProvider implements LoadBalancerProvider {

    private final AzureLbSettings settings;
    private final LoadBalancerUpdates loadBalancers;
    private final PublicIps publicIps;
    private final SecurityRules securityRules;
    private volatile ResourceReport report = ResourceReport.NONE;

    AzureLoadBalancerProvider(NetworkManagementClient client, AzureLbSettings settings) {
        this.settings = settings;
        this.loadBalancers = new LoadBalancerUpdates(client.getLoadBalancers(), settings);
        this.publicIps = new PublicIps(client.getPublicIpAddresses(), settings);
        this.securityRules = new SecurityRules(client.getSecurityRules(), settings);
    }

    @Override
    public String name() {
        return "azure";
    }

    @Override
    public LoadBalancerStatus ensure(LoadBalancerRequest request) {
        return ensure(AzureSteps.applying(request.service(), report), request);
    }

    private LoadBalancerStatus ensure(AzureSteps steps, LoadBalancerRequest request) {
        ServiceNames names = ServiceNames.of(request);
        checkPorts(names, request);
        securityRules.check(names, request);
        boolean internal = request.internal();
        String loadBalancerName = names.loadBalancer(internal);
        String loadBalancerId = ResourceIds.loadBalancer(settings.subscriptionId(), settings.resourceGroup(),
                loadBalancerName);
        Optional<PublicIps.Address> publicIp = Optional.empty();
        FrontendTarget target;
        if (internal) {
            target = FrontendTarget.subnet(internalSubnet(names, request), request.requestedAddress());
        } else {
            publicIp = Optional.of(request.requestedAddress()
                    .map(address -> publicIps.holding(names, address))
                    .orElseGet(() -> publicIps.ensure(steps, names, request.service())));
            target = FrontendTarget.publicIp(publicIp.get().id());
        }
        ServiceParts parts = ServiceParts.wanted(names, request, loadBalancerId, target, settings.virtualNetworkId());
        LoadBalancerInner loadBalancer = loadBalancers.update(steps, names.subject(), loadBalancerName,
                current -> ensureOn(current, names, loadBalancerName, parts));

        loadBalancers.update(steps, names.subject(), names.loadBalancer(!internal), current -> removeFrom(current, names));
        String ownPublicIp = ResourceIds.publicIp(settings.subscriptionId(), settings.resourceGroup(), names.publicIp());
        if (publicIp.isEmpty() || !ResourceIds.same(publicIp.get().id(), ownPublicIp)) {
            publicIps.deleteOwned(steps, names, "the Service is internal now, or asks for another address");
        }
        securityRules.ensure(steps, names, request);
        if (steps.planning()) {
            return LoadBalancerStatus.none();
        }
        return LoadBalancerStatus.ip(publicIp.map(PublicIps.Address::ip)
                .orElseGet(() -> privateAddress(names, loadBalancerName, loadBalancer)));
    }

    @Override
    public void ensureDeleted(LoadBalancerRequest request) {
        ensureDeleted(AzureSteps.applying(request.service(), report), request);
    }

    private void ensureDeleted(AzureSteps steps, LoadBalancerRequest request) {
        ServiceNames names = ServiceNames.of(request);
        for (boolean internal : new boolean[] {false, true}) {
            loadBalancers.update(steps, names.subject(), names.loadBalancer(internal),
                    current -> removeFrom(current, names));
        }
        publicIps.deleteOwned(steps, names, "the Service no longer has a load balancer of ours");
        securityRules.remove(steps, names);
    }

    @Override
    public LoadBalancerPlan plan(LoadBalancerRequest request) {
        AzureSteps steps = AzureSteps.planning(request.service());
        ensure(steps, request);
        return steps.plan();
    }

    @Override
    public LoadBalancerPlan planDeletion(LoadBalancerRequest request) {
        AzureSteps steps = AzureSteps.planning(request.service());
        ensureDeleted(steps, request);
        return steps.plan();
    }

    @Override
    public void reportTo(ResourceReport report) {
        this.report = report;
    }

    private LoadBalancerUpdates.Decision ensureOn(LoadBalancerInner current, ServiceNames names, String name,
                                                  ServiceParts parts) {
        if (current == null) {
            LoadBalancerInner created = new LoadBalancerInner()
                    .withLocation(settings.location())
                    .withTags(OwnershipTags.loadBalancer(names.cluster()))
                    .withSku(new LoadBalancerSku().withName(LoadBalancerSkuName.STANDARD)
                            .withTier(LoadBalancerSkuTier.REGIONAL))
                    .withBackendAddressPools(new ArrayList<>(List.of(ServiceParts.clusterPool(names))));
            parts.applyTo(created);
            return new LoadBalancerUpdates.Put(created);
        }
        if (!OwnershipTags.ownedBy(current.tags(), names.cluster())) {
            throw new LoadBalancerException(SyncFailures.SYNC_FAILED, names.subject() + ": load balancer " + name
                    + " in resource group " + settings.resourceGroup() + " exists but is not tagged "
                    + OwnershipTags.clusterKey(names.cluster()) + "=" + OwnershipTags.OWNED + " (tags "
                    + current.tags() + "); refusing to change it");
        }
        return parts.applyTo(current) ? new LoadBalancerUpdates.Put(current) : new LoadBalancerUpdates.Keep();
    }

    /** Nothing of the Service can be on a load balancer that is not the cluster's, so that one is left alone. */
    private static LoadBalancerUpdates.Decision removeFrom(LoadBalancerInner current, ServiceNames names) {
        if (current == null || !OwnershipTags.ownedBy(current.tags(), names.cluster())) {
            return new LoadBalancerUpdates.Keep();
        }
        boolean changed = ServiceParts.none(names).applyTo(current);
        if (ServiceParts.isEmpty(current, names)) {
            return new LoadBalancerUpdates.Delete();
        }
        return changed ? new LoadBalancerUpdates.Put(current) : new LoadBalancerUpdates.Keep();
    }

    private void checkPorts(ServiceNames names, LoadBalancerRequest request) {
        for (ServicePort port : request.ports()) {
            try {
                ServiceParts.transport(port);
            } catch (IllegalArgumentException e) {
                throw new LoadBalancerException(SyncFailures.SYNC_FAILED, names.subject() + ": " + e.getMessage(), e);
            }
        }
    }

    private String internalSubnet(ServiceNames names, LoadBalancerRequest request) {
        String annotated = request.annotations().get(AzureLoadBalancing.INTERNAL_SUBNET_ANNOTATION);
        if (annotated != null) {
            try {
                ResourceIds.requireType("annotation " + AzureLoadBalancing.INTERNAL_SUBNET_ANNOTATION, annotated,
                        ResourceIds.SUBNET);
            } catch (IllegalArgumentException e) {
                throw new LoadBalancerException(SyncFailures.SYNC_FAILED, names.subject() + ": " + e.getMessage(), e);
            }
            return annotated;
        }
        return settings.internalSubnetId().orElseThrow(() -> new LoadBalancerException(SyncFailures.SYNC_FAILED,
                names.subject() + ": an internal load balancer needs a subnet: annotate the Service with "
                        + AzureLoadBalancing.INTERNAL_SUBNET_ANNOTATION + " (a subnet resource id) or configure a"
                        + " default internal subnet"));
    }

    private String privateAddress(ServiceNames names, String loadBalancerName, LoadBalancerInner loadBalancer) {
        List<FrontendIpConfigurationInner> frontends = loadBalancer == null || loadBalancer.frontendIpConfigurations() == null
                ? List.of() : loadBalancer.frontendIpConfigurations();
        return frontends.stream()
                .filter(frontend -> names.frontend().equalsIgnoreCase(frontend.name()))
                .map(FrontendIpConfigurationInner::privateIpAddress)
                .filter(address -> address != null && !address.isBlank())
                .findFirst()
                .orElseThrow(() -> new LoadBalancerException(SyncFailures.SYNC_FAILED, names.subject()
                        + ": frontend " + names.frontend() + " of load balancer " + loadBalancerName
                        + " has no private address yet"));
    }
}
