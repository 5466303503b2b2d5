package dev.gatehouse.cloudlb.azure;

import com.azure.core.http.HttpClient;
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
        AzureManagement.Login login = AzureManagement.login(settings.subscriptionId(), settings.tenantId(),
                settings.credential(), settings.resourceManagerEndpoint(), transport);
        NetworkManager.Configurable configurable = NetworkManager.configure()
                .withHttpClient(transport)
                .withRetryPolicy(settings.retry().policy())
                .withPolicy(new ConditionalWritePolicy());
        if (settings.dryRun()) {
            configurable = configurable.withPolicy(new DryRunPolicy());
        }
        return configurable.authenticate(login.credential(), login.profile()).serviceClient();
    }
}
