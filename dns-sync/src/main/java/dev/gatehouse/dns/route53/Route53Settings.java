package dev.gatehouse.dns.route53;

import dev.gatehouse.cloudsdk.AwsRetries;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How {@link Route53Provider} reaches Route 53 and which hosted zones it may write.
 *
 * @param endpointOverride another Route 53 endpoint (a test server, a VPC endpoint); empty for AWS's own
 * @param region the signing region; Route 53 is global, so {@link Region#AWS_GLOBAL} unless the account
 *     lives in another partition (China, GovCloud)
 * @param credentials where the AWS credentials come from
 * @param domainFilter zone names the provider may write (a zone matches when it is one of them or lies
 *     under one); empty for every zone
 * @param zoneIdFilter hosted zone ids the provider may write, with or without {@code /hostedzone/}; empty
 *     for every zone
 * @param zoneType public zones, private zones, or both
 * @param waitForChange whether {@link Route53Provider#apply} returns only once Route 53 reports every
 *     change INSYNC on its name servers
 * @param changePollInterval how often GetChange is asked while waiting
 * @param changeWaitTimeout how long to wait for INSYNC before failing the apply
 * @param requestsPerSecond the pace of API requests, retries included; Route 53 allows five a second per
 *     account and throttles the whole account beyond that
 * @param maxRecordsPerBatch resource records per ChangeResourceRecordSets request (Route 53 allows 1000)
 * @param maxValueCharsPerBatch characters of values per request (Route 53 allows 32000)
 * @param retries how throttled and failed requests are retried
 */
public record Route53Settings(
        Optional<URI> endpointOverride,
        Region region,
        AwsCredentialsProvider credentials,
        List<String> domainFilter,
        List<String> zoneIdFilter,
        ZoneType zoneType,
        boolean waitForChange,
        Duration changePollInterval,
        Duration changeWaitTimeout,
        double requestsPerSecond,
        int maxRecordsPerBatch,
        int maxValueCharsPerBatch,
        AwsRetries retries) {

    /** Route 53's own limits on one ChangeResourceRecordSets request. */
    static final int ROUTE53_MAX_RECORDS = 1000;
    static final int ROUTE53_MAX_VALUE_CHARS = 32_000;
    /** Route 53 throttles an account above five requests a second. */
    static final double ROUTE53_MAX_REQUESTS_PER_SECOND = 5;

    /** Which kind of hosted zone the provider writes. */
    public enum ZoneType {
        PUBLIC,
        PRIVATE,
        ANY;

        boolean admits(boolean privateZone) {
            return this == ANY || (this == PRIVATE) == privateZone;
        }
    }

    /** Eight attempts, backing off from 100 ms (1 s after throttling) up to 20 s. */
    public static AwsRetries defaultRetries() {
        return new AwsRetries(8, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20));
    }

    public Route53Settings {
        Objects.requireNonNull(endpointOverride, "endpointOverride");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        domainFilter = List.copyOf(domainFilter);
        zoneIdFilter = List.copyOf(zoneIdFilter);
        Objects.requireNonNull(zoneType, "zoneType");
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(changePollInterval, "changePollInterval");
        Objects.requireNonNull(changeWaitTimeout, "changeWaitTimeout");
        if (changePollInterval.isNegative() || changePollInterval.isZero()) {
            throw new IllegalArgumentException(
                    "route53 settings: changePollInterval " + changePollInterval + " must be positive");
        }
        if (changeWaitTimeout.compareTo(changePollInterval) < 0) {
            throw new IllegalArgumentException("route53 settings: changeWaitTimeout " + changeWaitTimeout
                    + " must be at least changePollInterval " + changePollInterval);
        }
        if (!(requestsPerSecond > 0 && requestsPerSecond < ROUTE53_MAX_REQUESTS_PER_SECOND)) {
            throw new IllegalArgumentException("route53 settings: requestsPerSecond " + requestsPerSecond
                    + " must be above 0 and below 5 (Route 53 throttles an account above five requests a second)");
        }
        if (maxRecordsPerBatch < 1 || maxRecordsPerBatch > ROUTE53_MAX_RECORDS) {
            throw new IllegalArgumentException("route53 settings: maxRecordsPerBatch " + maxRecordsPerBatch
                    + " must be between 1 and " + ROUTE53_MAX_RECORDS);
        }
        if (maxValueCharsPerBatch < 1 || maxValueCharsPerBatch > ROUTE53_MAX_VALUE_CHARS) {
            throw new IllegalArgumentException("route53 settings: maxValueCharsPerBatch " + maxValueCharsPerBatch
                    + " must be between 1 and " + ROUTE53_MAX_VALUE_CHARS);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the defaults: AWS's endpoint, the default credential chain, every public and private zone. */
    public static final class Builder {

        private URI endpointOverride;
        private Region region = Region.AWS_GLOBAL;
        private AwsCredentialsProvider credentials;
        private List<String> domainFilter = List.of();
        private List<String> zoneIdFilter = List.of();
        private ZoneType zoneType = ZoneType.ANY;
        private boolean waitForChange;
        private Duration changePollInterval = Duration.ofSeconds(5);
        private Duration changeWaitTimeout = Duration.ofMinutes(5);
        private double requestsPerSecond = 4;
        private int maxRecordsPerBatch = ROUTE53_MAX_RECORDS;
        private int maxValueCharsPerBatch = ROUTE53_MAX_VALUE_CHARS;
        private AwsRetries retries = defaultRetries();

        private Builder() {
        }

        public Builder endpointOverride(URI endpoint) {
            this.endpointOverride = endpoint;
            return this;
        }

        public Builder region(Region value) {
            this.region = value;
            return this;
        }

        public Builder credentials(AwsCredentialsProvider value) {
            this.credentials = value;
            return this;
        }

        public Builder domainFilter(List<String> value) {
            this.domainFilter = value;
            return this;
        }

        public Builder zoneIdFilter(List<String> value) {
            this.zoneIdFilter = value;
            return this;
        }

        public Builder zoneType(ZoneType value) {
            this.zoneType = value;
            return this;
        }

        public Builder waitForChange(boolean value) {
            this.waitForChange = value;
            return this;
        }

        public Builder changePollInterval(Duration value) {
            this.changePollInterval = value;
            return this;
        }

        public Builder changeWaitTimeout(Duration value) {
            this.changeWaitTimeout = value;
            return this;
        }

        public Builder requestsPerSecond(double value) {
            this.requestsPerSecond = value;
            return this;
        }

        public Builder maxRecordsPerBatch(int value) {
            this.maxRecordsPerBatch = value;
            return this;
        }

        public Builder maxValueCharsPerBatch(int value) {
            this.maxValueCharsPerBatch = value;
            return this;
        }

        public Builder retries(AwsRetries value) {
            this.retries = value;
            return this;
        }

        public Route53Settings build() {
            // The default chain is made only when asked for: it looks at the environment and files.
            AwsCredentialsProvider chosen = credentials != null ? credentials : DefaultCredentialsProvider.builder().build();
            return new Route53Settings(Optional.ofNullable(endpointOverride), region, chosen, domainFilter, zoneIdFilter,
                    zoneType, waitForChange, changePollInterval, changeWaitTimeout, requestsPerSecond,
                    maxRecordsPerBatch, maxValueCharsPerBatch, retries);
        }
    }
}
