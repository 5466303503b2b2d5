package dev.gatehouse.cloudsdk;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.identity.DefaultAzureCredentialBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** The pieces every Azure Resource Manager client of Gatehouse is built from. */
public final class AzureManagement {

    /** The key of {@link AzureEnvironment#getEndpoints()} that the management clients send requests to. */
    private static final String RESOURCE_MANAGER_ENDPOINT = "resourceManagerEndpointUrl";

    private AzureManagement() {
    }

    /**
     * The JDK's own HTTP client: the Netty transport azure-core prefers would bring a second Netty beside
     * the proxy's.
     *
     * @param connect connect timeout, or empty for the transport's default
     * @param response response, read and write timeout, or empty for the transport's default
     */
    public static HttpClient transport(Optional<SSLContext> sslContext, Optional<Duration> connect,
                                       Optional<Duration> response) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder();
        sslContext.ifPresent(jdk::sslContext);
        JdkHttpClientBuilder builder = new JdkHttpClientBuilder(jdk);
        connect.ifPresent(builder::connectionTimeout);
        response.ifPresent(t -> builder.responseTimeout(t).readTimeout(t).writeTimeout(t));
        return builder.build();
    }

    /** The public cloud, or the same with the Resource Manager at {@code endpoint} (tests, sovereign clouds). */
    public static AzureEnvironment environment(Optional<URI> endpoint) {
        if (endpoint.isEmpty()) {
            return AzureEnvironment.AZURE;
        }
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put(RESOURCE_MANAGER_ENDPOINT, endpoint.get().toString());
        return new AzureEnvironment(endpoints);
    }

    /**
     * The policy without a fixed header name honours every retry header Azure sends ({@code retry-after-ms},
     * {@code x-ms-retry-after-ms}, {@code Retry-After}), and backs off exponentially otherwise. It retries
     * 408, 429 and 5xx (but 501 and 505), never 412: a conflict is for the caller to read again.
     */
    public static RetryPolicy retryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay) {
        return new RetryPolicy(new ExponentialBackoff(new ExponentialBackoffOptions()
                .setMaxRetries(maxRetries).setBaseDelay(baseDelay).setMaxDelay(maxDelay)));
    }

    /** {@code DefaultAzureCredential} (workload identity, managed identity, environment, CLI) over the same transport. */
    public static TokenCredential defaultCredential(Optional<String> tenantId, AzureEnvironment environment,
                                                    HttpClient transport) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder()
                .authorityHost(environment.getActiveDirectoryEndpoint())
                .httpClient(transport);
        tenantId.ifPresent(builder::tenantId);
        return builder.build();
    }
}
