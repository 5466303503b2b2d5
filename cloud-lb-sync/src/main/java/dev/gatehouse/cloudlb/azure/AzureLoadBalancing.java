package dev.gatehouse.cloudlb.azure;

import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import dev.gatehouse.cloudlb.BackendBinding;
import dev.gatehouse.cloudlb.LoadBalancerProvider;

/**
 * Azure for the load-balancer sync: the {@code azure} provider and the
 * {@code gatehouse.dev/azure-backend-pool-id} binding, sharing one network management client (one HTTP
 * transport with its timeouts, one retry policy, one credential). Make one per process.
 */
public final class AzureLoadBalancing {

    /** A subnet resource id that an internal Service's frontend takes its private address from. */
    public static final String INTERNAL_SUBNET_ANNOTATION = "gatehouse.dev/azure-internal-subnet";

    /** The resource id of a backend pool on a load balancer made by hand, for {@link #backendPoolBinding()}. */
    public static final String BACKEND_POOL_ANNOTATION = "gatehouse.dev/azure-backend-pool-id";

    private final LoadBalancerProvider provider;
    private final BackendBinding backendPoolBinding;

    private AzureLoadBalancing(NetworkManagementClient client, AzureLbSettings settings) {
        this.provider = new AzureLoadBalancerProvider(client, settings);
        this.backendPoolBinding = new AzureBackendPoolBinding(client.getLoadBalancerBackendAddressPools(), settings);
    }

    /** Builds the client; nothing is sent to Azure until the first call. */
    public static AzureLoadBalancing create(AzureLbSettings settings) {
        return new AzureLoadBalancing(AzureClients.create(settings), settings);
    }

    /** The provider {@code azure}. */
    public LoadBalancerProvider provider() {
        return provider;
    }

    /** The binding of {@link #BACKEND_POOL_ANNOTATION}. */
    public BackendBinding backendPoolBinding() {
        return backendPoolBinding;
    }
}
