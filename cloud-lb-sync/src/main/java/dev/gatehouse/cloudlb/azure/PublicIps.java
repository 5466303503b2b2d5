package dev.gatehouse.cloudlb.azure;

import dev.gatehouse.cloudsdk.AzureErrors;
import com.azure.core.util.Context;
import com.azure.resourcemanager.network.fluent.PublicIpAddressesClient;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.network.models.IpVersion;
import com.azure.resourcemanager.network.models.PublicIpAddressSku;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuName;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuTier;
import dev.gatehouse.cloudlb.LoadBalancerException;
import dev.gatehouse.cloudlb.LoadBalancerPlan.Action;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Services' public IPs: a Standard, static IPv4 address named {@code a<uid>} per Service, tagged with
 * the cluster and the Service. A Service that asks for an address gets the public IP that already holds
 * it instead; Azure cannot be told which address to allocate, so that one is made by someone else and is
 * never changed or deleted here.
 */
final class PublicIps {

    private static final Logger LOG = LoggerFactory.getLogger(PublicIps.class);

    /** A public IP resource and the address it holds. */
    record Address(String id, String ip) {
    }

    private final PublicIpAddressesClient client;
    private final String group;
    private final String location;
    private final LongRunning operations;
    /** Creates sent whose answer never came back, by name: what is found under the name later was made by them. */
    private final Set<String> attempts = ConcurrentHashMap.newKeySet();

    PublicIps(PublicIpAddressesClient client, AzureLbSettings settings) {
        this.client = client;
        this.group = settings.resourceGroup();
        this.location = settings.location();
        this.operations = new LongRunning(settings.timeouts());
    }

    /** Makes the Service's own public IP, or brings its tags back; no write when it is as it should be. */
    Address ensure(AzureSteps steps, ServiceNames names, String service) {
        String name = names.publicIp();
        Map<String, String> tags = OwnershipTags.publicIp(names.cluster(), service);
        PublicIpAddressInner current = read(names, name);
        PublicIpAddressInner result = current;
        if (current != null && OwnershipTags.ownedBy(current.tags(), names.cluster())
                && (steps.planning() ? attempts.contains(name) : attempts.remove(name))) {
            steps.record(AzureSteps.step(Action.ADOPT, AzureSteps.PUBLIC_IP, name,
                    "found by its name and tags after a create whose answer was lost"));
        }
        if (current == null) {
            PublicIpAddressInner wanted = new PublicIpAddressInner()
                    .withLocation(location)
                    .withTags(tags)
                    .withSku(new PublicIpAddressSku().withName(PublicIpAddressSkuName.STANDARD)
                            .withTier(PublicIpAddressSkuTier.REGIONAL))
                    .withPublicIpAllocationMethod(IpAllocationMethod.STATIC)
                    .withPublicIpAddressVersion(IpVersion.IPV4);
            result = steps.write(AzureSteps.step(Action.CREATE, AzureSteps.PUBLIC_IP, name, "static, for the Service's frontend"),
                    null, () -> {
                        attempts.add(name);
                        PublicIpAddressInner created = write(names, "creating public IP " + name + " in resource group "
                                + group + " (If-None-Match *)", () -> operations.finish(client.beginCreateOrUpdate(group,
                                name, wanted, ConditionalWritePolicy.ifAbsent())));
                        attempts.remove(name);
                        return created;
                    });
            if (result == null) {
                return new Address(AzureSteps.PLANNED, AzureSteps.PLANNED);
            }
        } else if (!OwnershipTags.ownedBy(current.tags(), names.cluster())) {
            throw new LoadBalancerException(SyncFailures.SYNC_FAILED, names.subject() + ": public IP " + name
                    + " in resource group " + group + " exists but is not tagged "
                    + OwnershipTags.clusterKey(names.cluster()) + "=" + OwnershipTags.OWNED
                    + " (tags " + current.tags() + "); refusing to take it over");
        } else if (!OwnershipTags.holdsAll(current.tags(), tags) || LongRunning.leftFailed(current.provisioningState())) {
            boolean failed = LongRunning.leftFailed(current.provisioningState());
            String verb = failed ? "repairing (provisioning state Failed) public IP " : "tagging public IP ";
            Map<String, String> merged = new HashMap<>(current.tags());
            merged.putAll(tags);
            String reason = failed ? "Azure left it in provisioning state Failed: written again"
                    : "tags missing or changed (wanted " + tags + ")";
            current.withTags(merged);
            result = steps.write(AzureSteps.step(Action.REPAIR, AzureSteps.PUBLIC_IP, name, reason), current,
                    () -> write(names, verb + name + " in resource group " + group + " (If-Match " + current.etag() + ")",
                            () -> operations.finish(client.beginCreateOrUpdate(group, name, current,
                                    ConditionalWritePolicy.ifMatch(current.etag())))));
        }
        if (result.ipAddress() == null || result.ipAddress().isBlank()) {
            throw new LoadBalancerException(SyncFailures.SYNC_FAILED, names.subject() + ": public IP " + name
                    + " in resource group " + group + " has no address yet (provisioning state "
                    + result.provisioningState() + ")");
        }
        return new Address(result.id(), result.ipAddress());
    }

    /** The public IP in the resource group that holds {@code address}, for a Service that asked for it. */
    Address holding(ServiceNames names, String address) {
        try {
            for (PublicIpAddressInner ip : client.listByResourceGroup(group, Context.NONE)) {
                if (address.equals(ip.ipAddress())) {
                    return new Address(ip.id(), ip.ipAddress());
                }
            }
        } catch (RuntimeException e) {
            throw SyncFailures.failed(names.subject(), "listing the public IPs of resource group " + group, e);
        }
        throw new LoadBalancerException(SyncFailures.SYNC_FAILED, names.subject() + ": requested address " + address
                + ": no public IP in resource group " + group + " holds it (Azure picks public addresses itself:"
                + " make a Standard static public IP first and ask for the address it got)");
    }

    /** Deletes the Service's own public IP if it is there and tagged as the cluster's; already gone is success. */
    void deleteOwned(AzureSteps steps, ServiceNames names, String reason) {
        String name = names.publicIp();
        PublicIpAddressInner current = read(names, name);
        if (current == null) {
            return;
        }
        if (!OwnershipTags.ownedBy(current.tags(), names.cluster())) {
            LOG.warn("{}: public IP {} in resource group {} is not tagged {}={}; leaving it", names.subject(), name,
                    group, OwnershipTags.clusterKey(names.cluster()), OwnershipTags.OWNED);
            return;
        }
        String action = "deleting public IP " + name + " in resource group " + group + " (If-Match " + current.etag() + ")";
        try {
            steps.write(AzureSteps.step(Action.DELETE, AzureSteps.PUBLIC_IP, name, reason), null, () -> {
                operations.finish(client.beginDelete(group, name, ConditionalWritePolicy.ifMatch(current.etag())));
                LOG.info("{}: {} done", names.subject(), action);
                return null;
            });
        } catch (RuntimeException e) {
            if (!AzureErrors.isNotFound(e)) {
                throw SyncFailures.failed(names.subject(), action, e);
            }
        }
    }

    private PublicIpAddressInner read(ServiceNames names, String name) {
        try {
            return client.getByResourceGroupWithResponse(group, name, null, Context.NONE).getValue();
        } catch (RuntimeException e) {
            if (AzureErrors.isNotFound(e)) {
                return null;
            }
            throw SyncFailures.failed(names.subject(), "reading public IP " + name + " in resource group " + group, e);
        }
    }

    private PublicIpAddressInner write(ServiceNames names, String action,
                                       Supplier<PublicIpAddressInner> call) {
        try {
            PublicIpAddressInner result = call.get();
            LOG.info("{}: {} done", names.subject(), action);
            return result;
        } catch (RuntimeException e) {
            throw SyncFailures.failed(names.subject(), action, e);
        }
    }
}
