package dev.gatehouse.dns.azure;

import com.azure.core.http.HttpClient;
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
        AzureManagement.Login login = AzureManagement.login(settings.subscriptionId(), settings.tenantId(),
                settings.credential(), settings.resourceManagerEndpoint(), transport);
        return DnsZoneManager.configure()
                .withHttpClient(transport)
                .withRetryPolicy(settings.retry().policy())
                .authenticate(login.credential(), login.profile())
                .serviceClient();
    }
}
