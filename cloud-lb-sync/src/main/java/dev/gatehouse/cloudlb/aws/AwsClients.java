package dev.gatehouse.cloudlb.aws;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClientBuilder;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2ClientBuilder;

/**
 * The process's three SDK clients, built once: one URL-connection transport shared by all three (the only
 * transport on the class path that does not bring a second Netty), our retry strategy and the API-call
 * timeouts.
 */
record AwsClients(ElasticLoadBalancingV2Client elbv2, ElasticLoadBalancingClient elb, Ec2Client ec2,
                  SdkHttpClient http) implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    static AwsClients create(AwsSettings settings) {
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT)
                .build();

        ElasticLoadBalancingV2ClientBuilder elbv2 = ElasticLoadBalancingV2Client.builder()
                .region(settings.region()).credentialsProvider(settings.credentials())
                .httpClient(http).overrideConfiguration(override(settings));
        settings.elbv2Endpoint().ifPresent(elbv2::endpointOverride);

        ElasticLoadBalancingClientBuilder elb = ElasticLoadBalancingClient.builder()
                .region(settings.region()).credentialsProvider(settings.credentials())
                .httpClient(http).overrideConfiguration(override(settings));
        settings.elbEndpoint().ifPresent(elb::endpointOverride);

        Ec2ClientBuilder ec2 = Ec2Client.builder()
                .region(settings.region()).credentialsProvider(settings.credentials())
                .httpClient(http).overrideConfiguration(override(settings));
        settings.ec2Endpoint().ifPresent(ec2::endpointOverride);

        return new AwsClients(elbv2.build(), elb.build(), ec2.build(), http);
    }

    /** One per client: a retry strategy keeps its own budget of retries, which one API should not spend for another. */
    private static ClientOverrideConfiguration override(AwsSettings settings) {
        ClientOverrideConfiguration.Builder builder = ClientOverrideConfiguration.builder()
                .retryStrategy(settings.retries().strategy())
                .apiCallTimeout(settings.apiCallTimeout())
                .apiCallAttemptTimeout(settings.apiCallAttemptTimeout());
        if (settings.dryRun()) {
            builder.addExecutionInterceptor(new DryRunInterceptor());
        }
        return builder.build();
    }

    @Override
    public void close() {
        elbv2.close();
        elb.close();
        ec2.close();
        // A transport handed to a builder is the caller's to close, not the clients'.
        http.close();
    }
}
