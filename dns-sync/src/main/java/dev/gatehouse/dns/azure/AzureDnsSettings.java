package dev.gatehouse.dns.azure;

import com.azure.core.credential.TokenCredential;
import dev.gatehouse.cloudsdk.AzureManagement;
import dev.gatehouse.cloudsdk.AzureRetry;
import dev.gatehouse.dns.DnsNames;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How {@link AzureDnsProvider} reaches Azure DNS and which zones it may write.
 *
 * @param subscriptionId the subscription that holds the zones
 * @param tenantId the Microsoft Entra tenant to sign in to; empty to let the credential decide
 *     ({@code AZURE_TENANT_ID}, the managed identity's own tenant)
 * @param resourceGroups the resource groups whose DNS zones are listed; empty for every zone of the
 *     subscription
 * @param credential where bearer tokens come from; empty for {@code DefaultAzureCredential} (environment,
 *     workload identity, managed identity, Azure CLI, in that order), built on the same HTTP transport
 * @param resourceManagerEndpoint another Azure Resource Manager endpoint (a test server); empty for the
 *     public cloud's {@code https://management.azure.com/}
 * @param sslContext the TLS context of the HTTP transport (a test server's certificate, a proxy's CA);
 *     empty for the JDK's default trust
 * @param domainFilter zone names the provider may write (a zone matches when it is one of them or lies
 *     under one); empty for every zone
 * @param retry how throttled (429) and failed (408, 5xx, I/O) requests are retried
 * @param zoneCacheTtl how long the zone list is kept before it is listed again; zero lists every time
 */
public record AzureDnsSettings(
        String subscriptionId,
        Optional<String> tenantId,
        List<String> resourceGroups,
        Optional<TokenCredential> credential,
        Optional<URI> resourceManagerEndpoint,
        Optional<SSLContext> sslContext,
        List<String> domainFilter,
        AzureRetry retry,
        Duration zoneCacheTtl) {

    public AzureDnsSettings {
        if (subscriptionId == null || subscriptionId.isBlank()) {
            throw new IllegalArgumentException("azure settings: subscription id \"" + subscriptionId
                    + "\": expected a subscription id");
        }
        Objects.requireNonNull(tenantId, "tenantId");
        resourceGroups = List.copyOf(resourceGroups);
        for (String group : resourceGroups) {
            if (group.isBlank()) {
                throw new IllegalArgumentException("azure settings: resource groups " + resourceGroups
                        + ": expected names without blanks");
            }
        }
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(resourceManagerEndpoint, "resourceManagerEndpoint");
        resourceManagerEndpoint.ifPresent(AzureManagement::requireHttps);
        Objects.requireNonNull(sslContext, "sslContext");
        domainFilter = domainFilter.stream().map(DnsNames::canonical).toList();
        Objects.requireNonNull(retry, "retry");
        if (zoneCacheTtl.isNegative()) {
            throw new IllegalArgumentException("azure settings: zoneCacheTtl " + zoneCacheTtl + " must not be negative");
        }
    }


    public static Builder builder(String subscriptionId) {
        return new Builder(subscriptionId);
    }

    /** Leaves the credential out: it is an object of the caller's and may print what it holds. */
    @Override
    public String toString() {
        return "AzureDnsSettings[subscriptionId=" + subscriptionId + ", tenantId=" + tenantId.orElse("(credential's)")
                + ", resourceGroups=" + resourceGroups + ", credential="
                + credential.map(c -> c.getClass().getSimpleName()).orElse("DefaultAzureCredential")
                + ", resourceManagerEndpoint=" + resourceManagerEndpoint.map(URI::toString).orElse("(public cloud)")
                + ", domainFilter=" + domainFilter + ", retry=" + retry + ", zoneCacheTtl=" + zoneCacheTtl + "]";
    }

    /** Starts from the defaults: the public cloud, DefaultAzureCredential, every zone, zones kept an hour. */
    public static final class Builder {

        private final String subscriptionId;
        private String tenantId;
        private List<String> resourceGroups = List.of();
        private TokenCredential credential;
        private URI resourceManagerEndpoint;
        private SSLContext sslContext;
        private List<String> domainFilter = List.of();
        private AzureRetry retry = AzureRetry.defaults();
        private Duration zoneCacheTtl = Duration.ofHours(1);

        private Builder(String subscriptionId) {
            this.subscriptionId = subscriptionId;
        }

        public Builder tenantId(String value) {
            this.tenantId = value;
            return this;
        }

        public Builder resourceGroups(List<String> value) {
            this.resourceGroups = value;
            return this;
        }

        public Builder credential(TokenCredential value) {
            this.credential = value;
            return this;
        }

        public Builder resourceManagerEndpoint(URI value) {
            this.resourceManagerEndpoint = value;
            return this;
        }

        public Builder sslContext(SSLContext value) {
            this.sslContext = value;
            return this;
        }

        public Builder domainFilter(List<String> value) {
            this.domainFilter = value;
            return this;
        }

        public Builder retry(AzureRetry value) {
            this.retry = value;
            return this;
        }

        public Builder zoneCacheTtl(Duration value) {
            this.zoneCacheTtl = value;
            return this;
        }

        public AzureDnsSettings build() {
            return new AzureDnsSettings(subscriptionId, Optional.ofNullable(tenantId), resourceGroups,
                    Optional.ofNullable(credential), Optional.ofNullable(resourceManagerEndpoint),
                    Optional.ofNullable(sslContext), domainFilter, retry, zoneCacheTtl);
        }
    }
}
