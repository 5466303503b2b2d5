package dev.gatehouse.dns.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.resourcemanager.dns.DnsZoneManager;
import com.azure.resourcemanager.dns.fluent.DnsManagementClient;
import dev.gatehouse.cloudsdk.AzureManagement;
import java.util.Optional;

/** Builds the Azure DNS management client from the settings: transport, retries, credential, cloud. */
final class AzureClients {

    private AzureClients() {
    }

    static DnsManagementClient create(AzureDnsSettings settings) {
        HttpClient transport = AzureManagement.transport(settings.sslContext(), Optional.empty(), Optional.empty());
        AzureEnvironment environment = AzureManagement.environment(settings.resourceManagerEndpoint());
        TokenCredential credential = settings.credential()
                .orElseGet(() -> AzureManagement.defaultCredential(settings.tenantId(), environment, transport));
        AzureProfile profile = new AzureProfile(settings.tenantId().orElse(null), settings.subscriptionId(), environment);
        AzureDnsSettings.Retry retry = settings.retry();
        return DnsZoneManager.configure()
                .withHttpClient(transport)
                .withRetryPolicy(AzureManagement.retryPolicy(retry.maxRetries(), retry.baseDelay(), retry.maxDelay()))
                .authenticate(credential, profile)
                .serviceClient();
    }
}
