package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.NextUpstream;
import dev.gatehouse.routing.RequestPolicy;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Gateway API's retry through real sockets: a request may go back to the one endpoint it tried (proxy-next-upstream
 * never does), within the route's attempts, and waits the route's backoff, scheduled on the event loop, before each.
 */
class SameEndpointRetryTest {

    private static final Set<Integer> CODES = Set.of(500, 502, 503, 504);

    @Test
    void aRequestGoesBackToItsOnlyEndpointUntilItAnswersWithinTheAttempts() {
        AtomicInteger seen = new AtomicInteger();
        try (TestUpstream flaky = failingFirst("flaky", 2, seen, new CopyOnWriteArrayList<>()); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("retry.example", "/", "s", policy(3, null), flaky.port()).build(1));

            HttpResponse<String> response = fixture.http.get("retry.example", "/");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("answered 200");
            assertThat(seen).hasValue(3);
        }
    }

    @Test
    void withoutGoingBackTheOnlyEndpointsFirstAnswerReachesTheClient() {
        AtomicInteger seen = new AtomicInteger();
        try (TestUpstream flaky = failingFirst("flaky", 2, seen, new CopyOnWriteArrayList<>()); ProxyFixture fixture = new ProxyFixture()) {
            RequestPolicy anotherOnly = new RequestPolicy(null, null, null, 3, 0)
                    .withNextUpstream(new NextUpstream(true, true, true, CODES, false));
            fixture.proxy.apply(new Snapshots().route("retry.example", "/", "s", anotherOnly, flaky.port()).build(1));

            HttpResponse<String> response = fixture.http.get("retry.example", "/");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(seen).hasValue(1);
        }
    }

    @Test
    void whenEveryAttemptFailsTheLastAnswerIsRelayedAfterExactlyTheAttempts() {
        AtomicInteger seen = new AtomicInteger();
        try (TestUpstream failing = failingFirst("failing", Integer.MAX_VALUE, seen, new CopyOnWriteArrayList<>());
             TestUpstream also = failingFirst("also", Integer.MAX_VALUE, seen, new CopyOnWriteArrayList<>());
             ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("retry.example", "/", "s", policy(5, null), failing.port(), also.port()).build(1));

            HttpResponse<String> response = fixture.http.get("retry.example", "/");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(seen).hasValue(5);
            assertThat(failing.requests()).isNotEmpty();
            assertThat(also.requests()).isNotEmpty();
        }
    }

    @Test
    void eachRetryWaitsTheBackoffBeforeItStarts() {
        AtomicInteger seen = new AtomicInteger();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        Duration backoff = Duration.ofMillis(300);
        try (TestUpstream flaky = failingFirst("flaky", 2, seen, arrivals); ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().route("retry.example", "/", "s", policy(3, backoff), flaky.port()).build(1));

            HttpResponse<String> response = fixture.http.get("retry.example", "/");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(arrivals).hasSize(3);
            // a scheduled task never runs early: each retry reached the upstream no sooner than the backoff after the one before
            assertThat(arrivals.get(1) - arrivals.get(0)).isGreaterThanOrEqualTo(backoff.toNanos());
            assertThat(arrivals.get(2) - arrivals.get(1)).isGreaterThanOrEqualTo(backoff.toNanos());
        }
    }

    private static RequestPolicy policy(int attempts, Duration backoff) {
        return new RequestPolicy(null, null, null, attempts, 0).withNextUpstream(new NextUpstream(true, true, true, CODES, false, true, backoff));
    }

    /** Answers 503 to the first {@code failures} requests it sees (counted in {@code seen}, with their arrival), then 200. */
    private static TestUpstream failingFirst(String name, int failures, AtomicInteger seen, List<Long> arrivals) {
        return TestUpstream.start(name, exchange -> {
            arrivals.add(System.nanoTime());
            int status = seen.incrementAndGet() <= failures ? 503 : 200;
            byte[] body = ("answered " + status).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }
}
