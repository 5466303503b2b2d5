package dev.gatehouse.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gatehouse.routing.Canary;
import dev.gatehouse.routing.ClusterName;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanarySelectorTest {

    private static final ClusterName MAIN = new ClusterName("default", "web", "8080");
    private static final ClusterName CANARY = new ClusterName("default", "web-canary", "8080");

    @ParameterizedTest(name = "header \"{0}\", cookie \"{1}\": {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "always | never        | web-canary",
            "never  | always       | web",
            "maybe  | always       | web-canary",
            "-      | always       | web-canary",
            "-      | never        | web",
            "-      | other        | web",
            "maybe  | -            | web",
            "ALWAYS | -            | web",
    })
    void the_header_decides_first_then_the_cookie_then_the_weight(String header, String cookie, String expected) {
        CanarySelector selector = CanarySelector.compile(new Canary(CANARY, "X-Canary", null, null, "canary", 0, 100));
        HttpHeaders headers = new DefaultHttpHeaders();
        if (header != null) {
            headers.set("x-canary", header);
        }
        if (cookie != null) {
            headers.set("cookie", "session=1; canary=" + cookie);
        }

        assertThat(selector.cluster(headers, MAIN).service()).isEqualTo(expected);
    }

    @Test
    void with_a_header_value_only_that_value_selects_and_never_falls_through_to_the_cookie() {
        CanarySelector selector = CanarySelector.compile(new Canary(CANARY, "x-group", "beta", null, "canary", 0, 100));

        assertThat(selector.cluster(headers("x-group", "beta"), MAIN)).isEqualTo(CANARY);
        assertThat(selector.cluster(headers("x-group", "always"), MAIN)).isEqualTo(MAIN);
        assertThat(selector.cluster(headers("x-group", "never").add("cookie", "canary=always"), MAIN)).isEqualTo(CANARY);
    }

    @Test
    void a_header_pattern_matches_anywhere_in_the_value_unless_anchored() {
        CanarySelector anywhere = CanarySelector.compile(new Canary(CANARY, "user-agent", null, "Firefox/1[0-9]{2}", null, 0, 100));
        CanarySelector anchored = CanarySelector.compile(new Canary(CANARY, "x-group", null, "^(beta|internal)$", null, 0, 100));

        assertThat(anywhere.cluster(headers("user-agent", "Mozilla/5.0 Firefox/128.0"), MAIN)).isEqualTo(CANARY);
        assertThat(anywhere.cluster(headers("user-agent", "Mozilla/5.0 Firefox/99.0"), MAIN)).isEqualTo(MAIN);
        assertThat(anchored.cluster(headers("x-group", "internal"), MAIN)).isEqualTo(CANARY);
        assertThat(anchored.cluster(headers("x-group", "internal-2"), MAIN)).isEqualTo(MAIN);
    }

    @Test
    void a_pattern_that_backtracks_exponentially_elsewhere_is_matched_in_linear_time() {
        CanarySelector selector = CanarySelector.compile(new Canary(CANARY, "x-group", null, "^(a+)+$", null, 0, 100));
        HttpHeaders hostile = headers("x-group", "a".repeat(5_000) + "!");

        ClusterName picked = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> selector.cluster(hostile, MAIN));

        assertThat(picked).isEqualTo(MAIN);
    }

    @Test
    void the_weight_sends_its_share_out_of_the_total_and_zero_or_the_total_is_never_or_always() {
        CanarySelector fifth = CanarySelector.compile(new Canary(CANARY, null, null, null, null, 200, 1000));
        CanarySelector none = CanarySelector.compile(new Canary(CANARY, null, null, null, null, 0, 100));
        CanarySelector all = CanarySelector.compile(new Canary(CANARY, null, null, null, null, 7, 7));
        HttpHeaders headers = new DefaultHttpHeaders();
        int toCanary = 0;
        for (int i = 0; i < 100_000; i++) {
            if (fifth.cluster(headers, MAIN).equals(CANARY)) {
                toCanary++;
            }
            assertThat(none.cluster(headers, MAIN)).isEqualTo(MAIN);
            assertThat(all.cluster(headers, MAIN)).isEqualTo(CANARY);
        }

        assertThat(toCanary / 100_000.0).isCloseTo(0.2, within(0.01));
    }

    private static HttpHeaders headers(String name, String value) {
        return new DefaultHttpHeaders().add(name, value);
    }
}
