package dev.gatehouse.cloudlb.aws;

import dev.gatehouse.cloudsdk.AwsRetries;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How {@link AwsProviders} reaches AWS.
 *
 * @param region where the load balancers live; AWS has no default for it
 * @param credentials where the AWS credentials come from
 * @param elbv2Endpoint another Elastic Load Balancing v2 endpoint (a test server, a VPC endpoint); empty for AWS's
 * @param elbEndpoint another classic Elastic Load Balancing endpoint; empty for AWS's
 * @param ec2Endpoint another EC2 endpoint; empty for AWS's
 * @param defaultType the kind of load balancer for a Service without the
 *     {@value AwsProviders#TYPE_ANNOTATION} annotation, for {@link AwsProviders#provider()}
 * @param apiCallTimeout how long one API call may take, its retries included
 * @param apiCallAttemptTimeout how long one attempt of an API call may take
 * @param retries how throttled and failed calls are retried
 */
public record AwsSettings(
        Region region,
        AwsCredentialsProvider credentials,
        Optional<URI> elbv2Endpoint,
        Optional<URI> elbEndpoint,
        Optional<URI> ec2Endpoint,
        LoadBalancerType defaultType,
        Duration apiCallTimeout,
        Duration apiCallAttemptTimeout,
        AwsRetries retries,
        boolean dryRun) {

    /** The two kinds of AWS load balancer a Service can ask for. */
    public enum LoadBalancerType {
        /** A network load balancer (Elastic Load Balancing v2): the provider {@code aws-nlb}. */
        NLB,
        /** A classic load balancer (Elastic Load Balancing): the provider {@code aws-elb}. */
        ELB;

        /** Reads {@code nlb} or {@code elb}, in any case. */
        public static LoadBalancerType parse(String value) {
            return switch (value.trim().toLowerCase(Locale.ROOT)) {
                case "nlb" -> NLB;
                case "elb" -> ELB;
                default -> throw new IllegalArgumentException(
                        "aws load balancer type \"" + value + "\" is unknown (expected: nlb or elb)");
            };
        }
    }

    /** Six attempts, backing off from 100 ms (500 ms after throttling) up to 20 s. */
    public static AwsRetries defaultRetries() {
        return new AwsRetries(6, Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(20));
    }

    public AwsSettings {
        Objects.requireNonNull(region, "aws settings: region is required");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(elbv2Endpoint, "elbv2Endpoint");
        Objects.requireNonNull(elbEndpoint, "elbEndpoint");
        Objects.requireNonNull(ec2Endpoint, "ec2Endpoint");
        Objects.requireNonNull(defaultType, "defaultType");
        Objects.requireNonNull(retries, "retries");
        requirePositive("aws settings", "apiCallTimeout", apiCallTimeout);
        requirePositive("aws settings", "apiCallAttemptTimeout", apiCallAttemptTimeout);
        if (apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
            throw new IllegalArgumentException("aws settings: apiCallAttemptTimeout " + apiCallAttemptTimeout
                    + " must not exceed apiCallTimeout " + apiCallTimeout);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requirePositive(String what, String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + ": " + name + " " + value + " must be positive");
        }
    }

    /** Starts from AWS's endpoints, the default credential chain and network load balancers; the region is required. */
    public static final class Builder {
        private boolean dryRun;

        private Region region;
        private AwsCredentialsProvider credentials;
        private URI elbv2Endpoint;
        private URI elbEndpoint;
        private URI ec2Endpoint;
        private LoadBalancerType defaultType = LoadBalancerType.NLB;
        private Duration apiCallTimeout = Duration.ofSeconds(60);
        private Duration apiCallAttemptTimeout = Duration.ofSeconds(20);
        private AwsRetries retries = defaultRetries();

        private Builder() {
        }

        public Builder region(Region value) {
            this.region = value;
            return this;
        }

        public Builder credentials(AwsCredentialsProvider value) {
            this.credentials = value;
            return this;
        }

        public Builder elbv2Endpoint(URI value) {
            this.elbv2Endpoint = value;
            return this;
        }

        public Builder elbEndpoint(URI value) {
            this.elbEndpoint = value;
            return this;
        }

        public Builder ec2Endpoint(URI value) {
            this.ec2Endpoint = value;
            return this;
        }

        /** The same endpoint for ELBv2, ELB and EC2: a test server that tells them apart by their API version. */
        public Builder endpoint(URI value) {
            return elbv2Endpoint(value).elbEndpoint(value).ec2Endpoint(value);
        }

        public Builder defaultType(LoadBalancerType value) {
            this.defaultType = value;
            return this;
        }

        public Builder apiCallTimeout(Duration value) {
            this.apiCallTimeout = value;
            return this;
        }

        public Builder apiCallAttemptTimeout(Duration value) {
            this.apiCallAttemptTimeout = value;
            return this;
        }

        public Builder retries(AwsRetries value) {
            this.retries = value;
            return this;
        }

        /** Read the cloud but send no write: the first write a Service needs is reported instead. */
        public Builder dryRun(boolean value) {
            this.dryRun = value;
            return this;
        }

        public AwsSettings build() {
            // The default chain is made only when asked for: it looks at the environment and files.
            AwsCredentialsProvider chosen = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
            return new AwsSettings(region, chosen, Optional.ofNullable(elbv2Endpoint), Optional.ofNullable(elbEndpoint),
                    Optional.ofNullable(ec2Endpoint), defaultType, apiCallTimeout, apiCallAttemptTimeout, retries, dryRun);
        }
    }
}
