package dev.gatehouse.dns.route53;

import dev.gatehouse.cloud.fake.aws.Route53Fake;
import dev.gatehouse.cloud.fake.aws.Route53Model;
import dev.gatehouse.cloudsdk.AwsRetries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The shared Route 53 fake with this module's provider pointed at it: the settings and the pacer are
 * package-private here, so the library in cloud-sdk's test-jar cannot build them.
 */
final class FakeRoute53 extends Route53Fake {

    /** The fake time the pacer keeps: tests never wait for real. */
    private final AtomicLong clock = new AtomicLong();
    private final List<Long> pacerWaits = new ArrayList<>();

    FakeRoute53() {
    }

    /** Route 53 answered by a stateful model instead of stubs. */
    FakeRoute53(Route53Model model) {
        super(model);
    }

    @Override
    public void reset() {
        super.reset();
        synchronized (pacerWaits) {
            pacerWaits.clear();
        }
    }

    /** Settings that reach this server, with test credentials and backoff of a millisecond. */
    Route53Settings.Builder settings() {
        return Route53Settings.builder()
                .endpointOverride(endpoint())
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret-test")))
                .retries(new AwsRetries(4, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    /** A provider paced at its settings' rate on a fake clock, so pacing costs no real time. */
    Route53Provider provider(Route53Settings settings) {
        Pacer pacer = new Pacer(settings.requestsPerSecond(), clock::get, nanos -> {
            synchronized (pacerWaits) {
                pacerWaits.add(nanos);
            }
            clock.addAndGet(nanos);
        });
        return Route53Provider.create(settings, pacer);
    }

    Route53Provider provider() {
        return provider(settings().build());
    }

    /** The waits the pacer asked for, in nanoseconds. */
    List<Long> pacerWaits() {
        synchronized (pacerWaits) {
            return List.copyOf(pacerWaits);
        }
    }
}
