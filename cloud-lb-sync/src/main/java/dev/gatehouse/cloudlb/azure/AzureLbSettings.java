package dev.gatehouse.cloudlb.azure;

import com.azure.core.credential.TokenCredential;
import dev.gatehouse.cloudsdk.AzureManagement;
import dev.gatehouse.cloudsdk.AzureRetry;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the Azure load-balancer provider and backend-pool binding reach Azure Resource Manager, and where
 * they put what they make.
 *
 * @param subscriptionId the subscription of the load balancers, public IPs and network
 * @param tenantId the Microsoft Entra tenant to sign in to; empty to let the credential decide
 *     ({@code AZURE_TENANT_ID}, the managed identity's own tenant)
 * @param resourceGroup where the cluster's load balancers ({@code <cluster>}, {@code <cluster>-internal})
 *     and the Services' public IPs are made
 * @param location the Azure region of what is made, e.g. {@code westeurope}
 * @param virtualNetworkId the resource id of the nodes' virtual network: IP-based backend pool addresses
 *     must name it
 * @param internalSubnetId the subnet resource id that internal frontends take their private address from,
 *     unless a Service names another with {@code gatehouse.dev/azure-internal-subnet}; empty means every
 *     internal Service must name one
 * @param securityGroupId the resource id of the network security group in front of the nodes, where
 *     {@code loadBalancerSourceRanges} become inbound allow rules; empty means no security rules are
 *     managed, and Services that ask for source ranges are refused rather than left open
 * @param securityRulePriorities the priorities the provider may give its security rules
 * @param credential where bearer tokens come from; empty for {@code DefaultAzureCredential} (environment,
 *     workload identity, managed identity, Azure CLI, in that order), built on the same HTTP transport
 * @param resourceManagerEndpoint another Azure Resource Manager endpoint (a test server); empty for the
 *     public cloud's {@code https://management.azure.com/}
 * @param sslContext the TLS context of the HTTP transport (a test server's certificate, a proxy's CA);
 *     empty for the JDK's default trust
 * @param retry how throttled (429) and failed (408, 5xx, I/O) requests are retried
 * @param timeouts how long one request and one long-running operation may take
 * @param conflictAttempts how many times one update of a shared load balancer is read and written again
 *     when someone else changed it in between (HTTP 412) before the update fails
 */
public record AzureLbSettings(
        String subscriptionId,
        Optional<String> tenantId,
        String resourceGroup,
        String location,
        String virtualNetworkId,
        Optional<String> internalSubnetId,
        Optional<String> securityGroupId,
        PriorityRange securityRulePriorities,
        Optional<TokenCredential> credential,
        Optional<URI> resourceManagerEndpoint,
        Optional<SSLContext> sslContext,
        AzureRetry retry,
        Timeouts timeouts,
        int conflictAttempts,
        boolean dryRun) {


    /**
     * @param connect to open a connection to Azure Resource Manager
     * @param response from sending a request to the response's headers, and between reads of its body
     * @param operation a whole long-running operation (a PUT or DELETE that Azure finishes asynchronously,
     *     polled until done)
     * @param poll how often a long-running operation is polled when Azure's answer names no
     *     {@code Retry-After} (Azure's own wait is honoured when it does)
     */
    public record Timeouts(Duration connect, Duration response, Duration operation, Duration poll) {

        public Timeouts {
            requirePositive("azure timeouts: connect", connect);
            requirePositive("azure timeouts: response", response);
            requirePositive("azure timeouts: operation", operation);
            requirePositive("azure timeouts: poll", poll);
        }

        /** Polled every 30 seconds when Azure does not say, as the SDK does by default. */
        public Timeouts(Duration connect, Duration response, Duration operation) {
            this(connect, response, operation, Duration.ofSeconds(30));
        }

        public static Timeouts defaults() {
            return new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(5));
        }
    }

    /** Security rule priorities, both ends included; Azure allows 100 to 4096 and lower is evaluated first. */
    public record PriorityRange(int first, int last) {

        public PriorityRange {
            if (first < 100 || last > 4096 || first > last) {
                throw new IllegalArgumentException("azure security rule priorities " + first + ".." + last
                        + ": expected a range within 100..4096");
            }
        }

        public static PriorityRange defaults() {
            return new PriorityRange(500, 4096);
        }
    }

    public AzureLbSettings {
        requireText("subscription id", subscriptionId);
        Objects.requireNonNull(tenantId, "tenantId");
        requireText("resource group", resourceGroup);
        requireText("location", location);
        ResourceIds.requireType("virtual network id", virtualNetworkId, ResourceIds.VIRTUAL_NETWORK);
        Objects.requireNonNull(internalSubnetId, "internalSubnetId");
        internalSubnetId.ifPresent(id -> ResourceIds.requireType("internal subnet id", id, ResourceIds.SUBNET));
        Objects.requireNonNull(securityGroupId, "securityGroupId");
        securityGroupId.ifPresent(id -> ResourceIds.requireType("security group id", id, ResourceIds.SECURITY_GROUP));
        Objects.requireNonNull(securityRulePriorities, "securityRulePriorities");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(resourceManagerEndpoint, "resourceManagerEndpoint");
        resourceManagerEndpoint.ifPresent(AzureManagement::requireHttps);
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(timeouts, "timeouts");
        if (conflictAttempts < 1) {
            throw new IllegalArgumentException("azure settings: conflictAttempts " + conflictAttempts
                    + " must be at least 1");
        }
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("azure settings: " + what + " \"" + value + "\": expected a value");
        }
    }

    private static void requirePositive(String what, Duration value) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " " + value + " must be positive");
        }
    }


    /** Starts from the defaults: the public cloud, DefaultAzureCredential, no security group. */
    public static Builder builder(String subscriptionId, String resourceGroup, String location,
                                  String virtualNetworkId) {
        return new Builder(subscriptionId, resourceGroup, location, virtualNetworkId);
    }

    /** Leaves the credential out: it is an object of the caller's and may print what it holds. */
    @Override
    public String toString() {
        return "AzureLbSettings[subscriptionId=" + subscriptionId + ", tenantId=" + tenantId.orElse("(credential's)")
                + ", resourceGroup=" + resourceGroup + ", location=" + location
                + ", virtualNetworkId=" + virtualNetworkId + ", internalSubnetId=" + internalSubnetId.orElse("(none)")
                + ", securityGroupId=" + securityGroupId.orElse("(none)")
                + ", securityRulePriorities=" + securityRulePriorities + ", credential="
                + credential.map(c -> c.getClass().getSimpleName()).orElse("DefaultAzureCredential")
                + ", resourceManagerEndpoint=" + resourceManagerEndpoint.map(URI::toString).orElse("(public cloud)")
                + ", retry=" + retry + ", timeouts=" + timeouts + ", conflictAttempts=" + conflictAttempts
                + ", dryRun=" + dryRun + "]";
    }

    public static final class Builder {
        private boolean dryRun;

        private final String subscriptionId;
        private final String resourceGroup;
        private final String location;
        private final String virtualNetworkId;
        private String tenantId;
        private String internalSubnetId;
        private String securityGroupId;
        private PriorityRange securityRulePriorities = PriorityRange.defaults();
        private TokenCredential credential;
        private URI resourceManagerEndpoint;
        private SSLContext sslContext;
        private AzureRetry retry = AzureRetry.defaults();
        private Timeouts timeouts = Timeouts.defaults();
        private int conflictAttempts = 5;

        private Builder(String subscriptionId, String resourceGroup, String location, String virtualNetworkId) {
            this.subscriptionId = subscriptionId;
            this.resourceGroup = resourceGroup;
            this.location = location;
            this.virtualNetworkId = virtualNetworkId;
        }

        public Builder tenantId(String value) {
            this.tenantId = value;
            return this;
        }

        public Builder internalSubnetId(String value) {
            this.internalSubnetId = value;
            return this;
        }

        public Builder securityGroupId(String value) {
            this.securityGroupId = value;
            return this;
        }

        public Builder securityRulePriorities(PriorityRange value) {
            this.securityRulePriorities = value;
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

        public Builder retry(AzureRetry value) {
            this.retry = value;
            return this;
        }

        public Builder timeouts(Timeouts value) {
            this.timeouts = value;
            return this;
        }

        public Builder conflictAttempts(int value) {
            this.conflictAttempts = value;
            return this;
        }

        /** Read Azure but send no write: the first write a Service needs is reported instead. */
        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        public AzureLbSettings build() {
            return new AzureLbSettings(subscriptionId, Optional.ofNullable(tenantId), resourceGroup, location,
                    virtualNetworkId, Optional.ofNullable(internalSubnetId), Optional.ofNullable(securityGroupId),
                    securityRulePriorities, Optional.ofNullable(credential),
                    Optional.ofNullable(resourceManagerEndpoint), Optional.ofNullable(sslContext), retry, timeouts,
                    conflictAttempts, dryRun);
        }
    }
}
