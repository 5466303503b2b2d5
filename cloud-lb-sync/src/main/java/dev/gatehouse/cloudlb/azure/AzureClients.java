package dev.gatehouse.cloudlb.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import java.util.HashMap;
import java.util.Map;

/** Builds the one network management client of the process: transport, timeouts, retries, credential, cloud. */
final class AzureClients {

    /** The key of {@link AzureEnvironment#getEndpoints()} that the management clients send requests to. */
    private static final String RESOURCE_MANAGER_ENDPOINT = "resourceManagerEndpointUrl";

    private AzureClients() {
    }

    static NetworkManagementClient create(AzureLbSettings settings) {
        HttpClient transport = transport(settings);
        AzureEnvironment environment = environment(settings);
        TokenCredential credential = settings.credential()
                .orElseGet(() -> defaultCredential(settings, environment, transport));
        AzureProfile profile = new AzureProfile(settings.tenantId().orElse(null), settings.subscriptionId(), environment);
        NetworkManager.Configurable configurable = NetworkManager.configure()
                .withHttpClient(transport)
                .withRetryPolicy(retryPolicy(settings.retry()))
                .withPolicy(new ConditionalWritePolicy());
        if (settings.dryRun()) {
            configurable = configurable.withPolicy(new DryRunPolicy());
        }
        return configurable.authenticate(credential, profile).serviceClient();
    }

    /**
     * The JDK's own HTTP client: the Netty transport azure-core prefers would bring a second Netty beside
     * the proxy's.
     */
    private static HttpClient transport(AzureLbSettings settings) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        settings.sslContext().ifPresent(jdk::sslContext);
        AzureLbSettings.Timeouts timeouts = settings.timeouts();
        return new JdkHttpClientBuilder(jdk)
                .connectionTimeout(timeouts.connect())
                .responseTimeout(timeouts.response())
                .readTimeout(timeouts.response())
                .writeTimeout(timeouts.response())
                .build();
    }

    private static AzureEnvironment environment(AzureLbSettings settings) {
        if (settings.resourceManagerEndpoint().isEmpty()) {
            return AzureEnvironment.AZURE;
        }
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put(RESOURCE_MANAGER_ENDPOINT, settings.resourceManagerEndpoint().get().toString());
        return new AzureEnvironment(endpoints);
    }

    /**
     * The policy without a fixed header name honours every retry header Azure sends ({@code retry-after-ms},
     * {@code x-ms-retry-after-ms}, {@code Retry-After}), and backs off exponentially otherwise. It retries
     * 408, 429 and 5xx (but 501 and 505), never 412: a conflict is for the caller to read again.
     */
    private static RetryPolicy retryPolicy(AzureLbSettings.Retry retry) {
        return new RetryPolicy(new ExponentialBackoff(new ExponentialBackoffOptions()
                .setMaxRetries(retry.maxRetries())
                .setBaseDelay(retry.baseDelay())
                .setMaxDelay(retry.maxDelay())));
    }

    private static TokenCredential defaultCredential(AzureLbSettings settings, AzureEnvironment environment,
                                                     HttpClient transport) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder()
                .authorityHost(environment.getActiveDirectoryEndpoint())
                .httpClient(transport);
        settings.tenantId().ifPresent(builder::tenantId);
        return builder.build();
    }
}
