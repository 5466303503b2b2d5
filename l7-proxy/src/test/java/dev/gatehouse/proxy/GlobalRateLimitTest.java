package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.MemcachedDaemon;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.GlobalRateLimit;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestTemplate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Global rate limits through real sockets and a real memcached: two proxies in one JVM stand for two replicas, and
 * share one limit because they count in the same memcached. Windows are numbered from the epoch, so a test that must
 * stay in one window starts well before a window ends. The sliding window cuts a burst early in a window before the
 * limit when the limit is more than 2 (it carries the burst's rate on to the window's end), so these tests use limits of
 * 1 and 2, which hold wherever in the window they fall; GlobalSlidingWindowTest drives the time itself.
 */
class GlobalRateLimitTest {

    private static final Duration LONG_WINDOW = Duration.ofHours(1);

    private TestUpstream echo;
    private MemcachedDaemon memcached;

    @BeforeEach
    void start() {
        echo = TestUpstream.start("echo");
        memcached = MemcachedDaemon.start();
    }

    @AfterEach
    void stop() {
        echo.close();
        memcached.close();
    }

    @Test
    void twoReplicasSharingOneMemcachedRefuseTheThirdRequestOfALimitOfTwo() {
        try (ProxyFixture a = new ProxyFixture(); ProxyFixture b = new ProxyFixture()) {
            RequestFilters limited = limited(limit("ingressuid1", 2, LONG_WINDOW, "$remote_addr", List.of(), memcached.port()));
            a.proxy.apply(new Snapshots().filtered("web.example", "/", "web", limited, echo.port()).build(1));
            b.proxy.apply(new Snapshots().filtered("web.example", "/", "web", limited, echo.port()).build(1));
            awaitWindowStart(LONG_WINDOW);

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                statuses.add(a.http.get("web.example", "/a" + i).statusCode());
                statuses.add(b.http.get("web.example", "/b" + i).statusCode());
            }
            HttpResponse<String> again = a.http.get("web.example", "/again");

            assertThat(statuses).containsExactly(200, 200, 429, 429);
            assertThat(again.statusCode()).isEqualTo(429);
            assertThat(again.body()).contains("too many requests");
            assertThat(echo.requests()).hasSize(2);
        }
    }

    @Test
    void clientsInTheIgnoredCidrsPassBeyondTheLimitAndAreNotCounted() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            awaitWindowStart(LONG_WINDOW);
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "web",
                    limited(limit("ingressuid2", 2, LONG_WINDOW, "$remote_addr", List.of("127.0.0.0/8"), memcached.port())), echo.port())
                    .build(1));
            List<Integer> ignored = statuses(fixture, 5);

            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "web",
                    limited(limit("ingressuid2", 2, LONG_WINDOW, "$remote_addr", List.of("192.0.2.0/24"), memcached.port())), echo.port())
                    .build(2));
            List<Integer> counted = statuses(fixture, 3);

            assertThat(ignored).containsOnly(200).hasSize(5);
            assertThat(counted).containsExactly(200, 200, 429);
        }
    }

    @Test
    void theCountStartsAfreshWhenTheWindowEnds() {
        Duration window = Duration.ofSeconds(2);
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "web",
                    limited(limit("ingressuid3", 1, window, "$remote_addr", List.of(), memcached.port())), echo.port()).build(1));
            awaitWindowStart(window);
            List<Integer> inOneWindow = statuses(fixture, 2);

            await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
                    .until(() -> fixture.http.get("web.example", "/later").statusCode() == 200);

            assertThat(inOneWindow).containsExactly(200, 429);
        }
    }

    @Test
    void whenMemcachedStopsRequestsPassUncountedAndTheErrorsAreCounted() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "web",
                    limited(limit("ingressuid4", 1, LONG_WINDOW, "$http_x_client", List.of(), memcached.port())), echo.port()).build(1));
            awaitWindowStart(LONG_WINDOW);
            List<Integer> counting = statuses(fixture, "first", 2);

            memcached.close();
            List<Integer> failingOpen = statuses(fixture, "second", 3);
            // this replica remembers its own refusals until the window ends, as ingress-nginx does, without asking memcached
            int refusedBefore = statuses(fixture, "first", 1).get(0);

            assertThat(counting).containsExactly(200, 429);
            assertThat(failingOpen).containsExactly(200, 200, 200);
            assertThat(refusedBefore).isEqualTo(429);
            assertThat(errors(fixture, "unreachable")).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aMemcachedThatNeverAnswersLetsRequestsThroughAfterTheTimeout() throws IOException {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()); ProxyFixture fixture = new ProxyFixture()) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "silent-memcached");
            acceptor.setDaemon(true);
            acceptor.start();
            GlobalRateLimit limit = new GlobalRateLimit("ingressuid5", 1, LONG_WINDOW, GlobalRateLimit.DEFAULT_KEY, List.of(), 429,
                    new GlobalRateLimit.Memcached("127.0.0.1", silent.getLocalPort(), Duration.ofMillis(200), Duration.ofSeconds(10), 50));
            fixture.proxy.apply(new Snapshots().filtered("web.example", "/", "web", limited(limit), echo.port()).build(1));

            List<Integer> statuses = statuses(fixture, 3);

            assertThat(statuses).containsExactly(200, 200, 200);
            assertThat(errors(fixture, "timeout")).isGreaterThanOrEqualTo(3);
            silent.close();
            acceptor.interrupt();
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void hostileKeyValuesEachCountUnderTheirOwnSafeKey() {
        try (ProxyFixture fixture = new ProxyFixture()) {
            fixture.proxy.apply(new Snapshots().filtered("api.example", "/", "api",
                    limited(limit("ingressuid6", 2, LONG_WINDOW, "client-$http_x_api_key", List.of(), memcached.port())), echo.port())
                    .build(1));
            awaitWindowStart(LONG_WINDOW);
            List<String> values = List.of("k".repeat(4000), "a b\tc", "~raw", "\"quoted\" 'and' {braces} % $host", "short");

            for (String value : values) {
                List<Integer> statuses = IntStream.range(0, 3).mapToObj(i -> fixture.http.send(fixture.http.request("api.example", "/")
                        .header("X-Api-Key", value).GET().build()).statusCode()).toList();
                assertThat(statuses).as("key %.40s", value).containsExactly(200, 200, 429);
            }
            assertThat(errors(fixture, "answer")).isZero();
            assertThat(echo.requests()).hasSize(2 * values.size());
        }
    }

    private static List<Integer> statuses(ProxyFixture fixture, int count) {
        return IntStream.range(0, count).mapToObj(i -> fixture.http.get("web.example", "/" + i).statusCode()).toList();
    }

    private static List<Integer> statuses(ProxyFixture fixture, String client, int count) {
        return IntStream.range(0, count).mapToObj(i -> fixture.http.send(fixture.http.request("web.example", "/" + i)
                .header("X-Client", client).GET().build()).statusCode()).toList();
    }

    private static double errors(ProxyFixture fixture, String reason) {
        return Counters.sum(fixture.registry, "gatehouse_global_rate_limit_errors", Map.of("reason", reason));
    }

    /**
     * Waits, when the current window ends soon, until the next one begins, so that what follows stays in one window:
     * the rest of a long window must be at least 30 s, of a short one three quarters of it.
     */
    private static void awaitWindowStart(Duration window) {
        long millis = window.toMillis();
        long needed = Math.min(millis * 3 / 4, 30_000);
        await().atMost(Duration.ofMillis(needed + 1_000)).pollInterval(Duration.ofMillis(10))
                .until(() -> millis - System.currentTimeMillis() % millis > needed);
    }

    private static GlobalRateLimit limit(String namespace, int limit, Duration window, String key, List<String> ignored, int port) {
        return new GlobalRateLimit(namespace, limit, window, new RequestTemplate(key), ignored, 429,
                new GlobalRateLimit.Memcached("127.0.0.1", port, Duration.ofSeconds(2), Duration.ofSeconds(10), 50));
    }

    private static RequestFilters limited(GlobalRateLimit limit) {
        return RequestFilters.NONE.withGlobalRateLimit(limit);
    }
}
