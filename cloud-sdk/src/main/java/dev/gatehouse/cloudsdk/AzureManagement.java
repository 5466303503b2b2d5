package dev.gatehouse.cloudsdk;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
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

    /** Bearer tokens are sent only over TLS, so another Resource Manager endpoint must be https. */
    public static void requireHttps(URI endpoint) {
        if (!"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("azure settings: resource manager endpoint " + endpoint
                    + ": expected an https URL (the Azure SDK sends bearer tokens only over TLS)");
        }
    }

    /** What a management client authenticates with: the credential and the subscription in its cloud. */
    public record Login(TokenCredential credential, AzureProfile profile) {
    }

    /**
     * @param credential the caller's, or empty for {@link #defaultCredential} over the same transport
     * @param endpoint another Resource Manager, or empty for the public cloud's
     */
    public static Login login(String subscriptionId, Optional<String> tenantId, Optional<TokenCredential> credential,
                              Optional<URI> endpoint, HttpClient transport) {
        AzureEnvironment environment = environment(endpoint);
        TokenCredential chosen = credential.orElseGet(() -> defaultCredential(tenantId, environment, transport));
        return new Login(chosen, new AzureProfile(tenantId.orElse(null), subscriptionId, environment));
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
