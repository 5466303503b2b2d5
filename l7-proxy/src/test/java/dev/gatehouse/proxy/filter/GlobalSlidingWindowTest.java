package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.http.ClientInfo;
import dev.gatehouse.proxy.net.Transport;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.proxy.testing.MemcachedDaemon;
import dev.gatehouse.routing.GlobalRateLimit;
import dev.gatehouse.routing.RequestTemplate;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.resolver.DefaultAddressResolverGroup;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The global rate limit's sliding window against a real memcached, with time driven by the filter's clock so that a
 * window boundary falls where a test wants it: two {@link GlobalCounters}, each on its own event loop, stand for two
 * replicas. A limit of 5 per minute throughout; window {@value #WINDOW_ID} starts at {@link #START}.
 */
class GlobalSlidingWindowTest {

    private static final long WINDOW_ID = 29_000_000;
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final long START = WINDOW_ID * WINDOW.toMillis();

    private final TestClock clock = new TestClock();
    private MemcachedDaemon memcached;
    private EventLoopGroup loopA;
    private EventLoopGroup loopB;
    private ProxyMetrics metricsA;
    private GlobalCounters replicaA;
    private GlobalCounters replicaB;

    @BeforeEach
    void start() {
        memcached = MemcachedDaemon.start();
        Transport transport = Transport.best();
        loopA = transport.newGroup(1, "replica-a");
        loopB = transport.newGroup(1, "replica-b");
        metricsA = new ProxyMetrics(new PrometheusRegistry());
        replicaA = new GlobalCounters(transport, loopA, DefaultAddressResolverGroup.INSTANCE, metricsA);
        replicaB = new GlobalCounters(transport, loopB, DefaultAddressResolverGroup.INSTANCE, new ProxyMetrics(new PrometheusRegistry()));
    }

    @AfterEach
    void stop() {
        loopA.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        loopB.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        memcached.close();
    }

    @Test
    void aBurstAtTheEndOfAWindowLeavesOneRequestForTheStartOfTheNextWhereAFixedWindowLetFiveThrough() {
        GlobalRateLimitFilter filter = filter("burst", 5);

        clock.at(START + 59_000);
        List<Integer> endOfWindow = statuses(filter, replicaA, 6);
        clock.at(START + WINDOW.toMillis() + 1_000);
        List<Integer> startOfNext = statuses(filter, replicaA, 5);

        assertThat(endOfWindow).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(startOfNext).containsExactly(200, 429, 429, 429, 429);
    }

    @Test
    void refusedRequestsAreTakenOffTheCountInMemcached() {
        GlobalRateLimitFilter filter = filter("uncounted", 5);

        clock.at(START + 59_000);
        statuses(filter, replicaA, 8);
        clock.at(START + WINDOW.toMillis() + 1_000);
        statuses(filter, replicaA, 2);

        // the decrements are not waited for: they land soon after the refusals
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(counter("uncounted", WINDOW_ID)).isEqualTo("5");
            assertThat(counter("uncounted", WINDOW_ID + 1)).isEqualTo("1");
        });
    }

    @Test
    void theEstimateDecaysSoRequestsPassAgainAsTheWindowSlides() {
        GlobalRateLimitFilter filter = filter("decay", 5);
        clock.at(START + 59_000);
        statuses(filter, replicaA, 5);
        clock.at(START + WINDOW.toMillis() + 1_000);
        List<Integer> early = statuses(filter, replicaA, 2);

        // halfway: 2.5 of the previous five still count, plus this window's one: two more fit, not three
        clock.at(START + WINDOW.toMillis() + 30_000);
        List<Integer> halfway = statuses(filter, replicaA, 3);

        assertThat(early).containsExactly(200, 429);
        assertThat(halfway).containsExactly(200, 200, 429);
    }

    @Test
    void twoReplicasShareBothWindowsCounts() {
        GlobalRateLimitFilter onA = filter("shared", 5);
        GlobalRateLimitFilter onB = filter("shared", 5);

        clock.at(START + 59_000);
        List<Integer> endOfWindow = IntStream.range(0, 6)
                .mapToObj(i -> i % 2 == 0 ? status(onA, replicaA) : status(onB, replicaB)).toList();
        clock.at(START + WINDOW.toMillis() + 1_000);
        int firstOnB = status(onB, replicaB);
        int thenOnA = status(onA, replicaA);

        assertThat(endOfWindow).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(firstOnB).isEqualTo(200);
        assertThat(thenOnA).isEqualTo(429);
    }

    @Test
    void aPreviousCountThatADecrementShortenedIsStillRead() {
        // 9 passes, the tenth makes the counter "10" and its decrement leaves "9 ", space-padded, which must still read as 9
        GlobalRateLimitFilter filter = filter("padded", 9);
        clock.at(START + 59_000);
        List<Integer> endOfWindow = statuses(filter, replicaA, 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> "9 ".equals(counter("padded", WINDOW_ID)));

        clock.at(START + WINDOW.toMillis() + 1_000);
        List<Integer> startOfNext = statuses(filter, replicaA, 2);

        assertThat(endOfWindow).endsWith(200, 429).filteredOn(status -> status == 200).hasSize(9);
        assertThat(startOfNext).containsExactly(200, 429);
        assertThat(metricsA.globalRateLimitErrors.labelValues(CounterFailure.ANSWER).get()).isZero();
    }

    private String counter(String namespace, long window) {
        return memcached.get(CounterKeys.of(namespace, "127.0.0.1", window));
    }

    private GlobalRateLimitFilter filter(String namespace, int limit) {
        return new GlobalRateLimitFilter(new GlobalRateLimit(namespace, limit, WINDOW, new RequestTemplate("$remote_addr"), List.of(), 429,
                new GlobalRateLimit.Memcached("127.0.0.1", memcached.port(), Duration.ofSeconds(2), Duration.ofSeconds(10), 50)), clock);
    }

    private static List<Integer> statuses(GlobalRateLimitFilter filter, GlobalCounters replica, int count) {
        return IntStream.range(0, count).mapToObj(i -> status(filter, replica)).toList();
    }

    /** The request's status: 200 when the filter lets it on. */
    private static int status(GlobalRateLimitFilter filter, GlobalCounters replica) {
        Verdict verdict = filter.check(new Request(replica));
        if (verdict.pending() != null) {
            verdict = verdict.pending().orTimeout(10, TimeUnit.SECONDS).join();
        }
        return verdict.answer() == null ? 200 : verdict.answer().status();
    }

    /** A request from 127.0.0.1 counted by {@code counters}; a global rate limit looks at nothing else. */
    private record Request(GlobalCounters counters) implements FilteredRequest {

        @Override
        public HttpRequest request() {
            return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        }

        @Override
        public ClientInfo client() {
            return new ClientInfo("127.0.0.1", "127.0.0.1", false, "80", "id", "http");
        }

        @Override
        public GlobalCounters globalCounters() {
            return counters;
        }

        @Override
        public RouteStats stats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long maxBodyBytes() {
            throw new UnsupportedOperationException();
        }

        @Override
        public PasswordChecks passwordChecks() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ExternalAuthClient externalAuth() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void passCookies(AuthCookies cookies) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void hold(RequestSlot slot) {
            throw new UnsupportedOperationException();
        }
    }

    /** The filter's time, set by the test. */
    private static final class TestClock extends Clock {

        private volatile long millis;

        void at(long epochMillis) {
            millis = epochMillis;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
