package dev.gatehouse.cloudlb.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import dev.gatehouse.cloudsdk.AzureManagement;
import java.util.Optional;

/** Builds the one network management client of the process: transport, timeouts, retries, credential, cloud. */
final class AzureClients {

    private AzureClients() {
    }

    static NetworkManagementClient create(AzureLbSettings settings) {
        AzureLbSettings.Timeouts timeouts = settings.timeouts();
        HttpClient transport = AzureManagement.transport(settings.sslContext(), Optional.of(timeouts.connect()),
                Optional.of(timeouts.response()));
        AzureEnvironment environment = AzureManagement.environment(settings.resourceManagerEndpoint());
        TokenCredential credential = settings.credential()
                .orElseGet(() -> AzureManagement.defaultCredential(settings.tenantId(), environment, transport));
        AzureProfile profile = new AzureProfile(settings.tenantId().orElse(null), settings.subscriptionId(), environment);
        AzureLbSettings.Retry retry = settings.retry();
        NetworkManager.Configurable configurable = NetworkManager.configure()
                .withHttpClient(transport)
                .withRetryPolicy(AzureManagement.retryPolicy(retry.maxRetries(), retry.baseDelay(), retry.maxDelay()))
                .withPolicy(new ConditionalWritePolicy());
        if (settings.dryRun()) {
            configurable = configurable.withPolicy(new DryRunPolicy());
        }
        return configurable.authenticate(credential, profile).serviceClient();
    }
}
