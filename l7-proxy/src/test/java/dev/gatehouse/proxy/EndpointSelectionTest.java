package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.balance.LeastRequest;
import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.HashKey;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.SessionAffinity;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EndpointSelectionTest {

    private static final List<TestUpstream> upstreams = new ArrayList<>();
    private static ProxyFixture fixture;

    @BeforeAll
    static void start() {
        for (String name : new String[] {"a", "b", "c"}) {
            upstreams.add(TestUpstream.start(name));
        }
        fixture = new ProxyFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
        upstreams.forEach(TestUpstream::close);
    }

    @Test
    void weighted_round_robin_gives_each_endpoint_its_share_interleaved() {
        fixture.proxy.apply(new Snapshots().route("w.example", "/", "w")
                .weighted("w", port("a"), 3).weighted("w", port("b"), 1).build(1));

        List<String> order = send("w.example", 40, i -> Map.of());

        assertThat(count(order)).containsEntry("a", 30).containsEntry("b", 10);
        for (int i = 0; i + 4 <= order.size(); i += 4) {
            assertThat(order.subList(i, i + 4)).filteredOn("b"::equals).hasSize(1);
        }
    }

    @Test
    void least_request_keeps_requests_away_from_a_busy_endpoint() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestUpstream busy = TestUpstream.start("busy", exchange -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        }); TestUpstream idle = TestUpstream.start("idle")) {
            fixture.proxy.apply(new Snapshots().route("lr.example", "/", "lr", busy.port(), idle.port())
                    .policy("lr", ClusterPolicy.DEFAULT.withLoadBalancing(new LoadBalancing.LeastRequest(2))).build(2));
            // between two idle endpoints the pick is random: send requests one at a time until one hangs on busy
            List<CompletableFuture<HttpResponse<String>>> hanging = new ArrayList<>();
            for (int sent = 0; busy.requests().isEmpty() && sent < 50; sent++) {
                int seen = busy.requests().size() + idle.requests().size();
                hanging.add(CompletableFuture.supplyAsync(() -> new Http(fixture.port()).get("lr.example", "/slow")));
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> busy.requests().size() + idle.requests().size() > seen);
            }
            assertThat(busy.requests()).hasSize(1);

            List<String> answered = send("lr.example", 30, i -> Map.of());

            assertThat(count(answered).getOrDefault("idle", 0)).isGreaterThanOrEqualTo(29);
            release.countDown();
            hanging.forEach(CompletableFuture::join);
        }
    }

    @Test
    void consistent_hashing_by_header_sends_a_key_always_to_the_same_endpoint_and_spreads_keys_evenly() {
        fixture.proxy.apply(new Snapshots().route("h.example", "/", "h", port("a"), port("b"), port("c"))
                .policy("h", ClusterPolicy.DEFAULT.withLoadBalancing(new LoadBalancing.ConsistentHash(new HashKey.Header("X-User"))))
                .build(3));

        Map<String, String> firstAnswer = new HashMap<>();
        for (int user = 0; user < 300; user++) {
            String key = "user-" + user;
            firstAnswer.put(key, Http.answeredBy(fixture.http.send(fixture.http.request("h.example", "/").header("X-User", key).GET().build())));
        }
        for (int user = 0; user < 300; user += 7) {
            String key = "user-" + user;
            assertThat(Http.answeredBy(fixture.http.send(fixture.http.request("h.example", "/").header("X-User", key).GET().build())))
                    .as("key %s", key).isEqualTo(firstAnswer.get(key));
        }
        Map<String, Long> spread = firstAnswer.values().stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
        assertThat(spread.keySet()).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(spread.values()).allSatisfy(n -> assertThat(n).isBetween(60L, 140L));
    }

    @Test
    void removing_an_endpoint_moves_its_keys_and_hardly_any_other() {
        fixture.proxy.apply(new Snapshots().route("m.example", "/", "m", port("a"), port("b"), port("c"))
                .policy("m", ClusterPolicy.DEFAULT.withLoadBalancing(new LoadBalancing.ConsistentHash(new HashKey.Cookie("session"))))
                .build(4));
        Map<String, String> before = answersByCookie(200);

        fixture.proxy.apply(new Snapshots().route("m.example", "/", "m", port("a"), port("b"))
                .policy("m", ClusterPolicy.DEFAULT.withLoadBalancing(new LoadBalancing.ConsistentHash(new HashKey.Cookie("session"))))
                .build(5));
        Map<String, String> after = answersByCookie(200);

        long others = before.values().stream().filter(endpoint -> !endpoint.equals("c")).count();
        long stayed = before.entrySet().stream()
                .filter(entry -> !entry.getValue().equals("c") && entry.getValue().equals(after.get(entry.getKey()))).count();
        // Maglev's disruption is minimal, not zero: a few percent of the other keys may move
        assertThat(stayed).as("keys that stayed, of %d not on c", others).isGreaterThanOrEqualTo(others * 95 / 100);
        assertThat(after.values()).doesNotContain("c");
    }

    @Test
    void hashing_by_client_address_pins_a_client() {
        fixture.proxy.apply(new Snapshots().route("ip.example", "/", "ip", port("a"), port("b"), port("c"))
                .policy("ip", ClusterPolicy.DEFAULT.withLoadBalancing(new LoadBalancing.ConsistentHash(new HashKey.ClientAddress())))
                .build(6));

        assertThat(send("ip.example", 12, i -> Map.of())).containsOnly(send("ip.example", 1, i -> Map.of()).get(0));
    }

    @Test
    void cookie_affinity_names_the_endpoint_in_a_cookie_and_later_requests_follow_it() {
        fixture.proxy.apply(new Snapshots().route("s.example", "/", "s", port("a"), port("b"), port("c"))
                .policy("s", ClusterPolicy.DEFAULT.withAffinity(SessionAffinity.cookie("INGRESSCOOKIE"))).build(7));

        HttpResponse<String> first = fixture.http.get("s.example", "/");
        String cookie = first.headers().firstValue("set-cookie").orElseThrow();
        String value = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));

        assertThat(cookie).startsWith("INGRESSCOOKIE=").contains("Path=/").contains("HTTPOnly");
        assertThat(value).hasSize(24).doesNotContain("127.0.0.1");
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> next = fixture.http.send(fixture.http.request("s.example", "/" + i)
                    .header("Cookie", "other=1; INGRESSCOOKIE=" + value).GET().build());
            assertThat(Http.answeredBy(next)).isEqualTo(Http.answeredBy(first));
            assertThat(next.headers().firstValue("set-cookie")).isEmpty();
        }
    }

    private Map<String, String> answersByCookie(int keys) {
        Map<String, String> answers = new HashMap<>();
        for (int i = 0; i < keys; i++) {
            answers.put("s" + i, Http.answeredBy(fixture.http.send(fixture.http.request("m.example", "/")
                    .header("Cookie", "session=s" + i).GET().build())));
        }
        return answers;
    }

    private static List<String> send(String host, int count, java.util.function.IntFunction<Map<String, String>> headers) {
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            answered.add(Http.answeredBy(fixture.http.get(host, "/" + i)));
        }
        return answered;
    }

    private static Map<String, Integer> count(List<String> values) {
        Map<String, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    private static int port(String name) {
        return upstreams.stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow().port();
    }
}
