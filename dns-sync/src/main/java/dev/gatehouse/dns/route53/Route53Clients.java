package dev.gatehouse.dns.route53;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.Route53ClientBuilder;
import software.amazon.awssdk.services.route53.endpoints.Route53EndpointProvider;

/** Builds the SDK client: URL-connection transport, our retry strategy, and the pacer on every attempt. */
final class Route53Clients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private Route53Clients() {
    }

    static Route53Client create(Route53Settings settings, Pacer pacer) {
        Route53ClientBuilder builder = Route53Client.builder()
                .region(settings.region())
                .credentialsProvider(settings.credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .overrideConfiguration(o -> o
                        .retryStrategy(settings.retries().strategy())
                        .addExecutionInterceptor(new PacingInterceptor(pacer)));
        settings.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The URL the client calls, for failures to name: the override, or the one the SDK resolves for the region. */
    static String endpoint(Route53Settings settings) {
        return settings.endpointOverride().map(URI::toString).orElseGet(() -> Route53EndpointProvider.defaultProvider()
                .resolveEndpoint(params -> params.region(settings.region())).join().url().toString());
    }
}
