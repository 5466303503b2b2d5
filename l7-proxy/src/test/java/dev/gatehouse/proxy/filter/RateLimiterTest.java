package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.routing.RateLimit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A compiled rate limit: the exempt addresses, the rates, the requests in flight and the statuses of refusals. */
class RateLimiterTest {

    private final AtomicLong nanos = new AtomicLong();

    @Test
    void an_exempt_address_is_never_refused_while_others_are() {
        RateLimiter limiter = compile(new RateLimit("default/web", 1, 0, 1, 1, List.of("10.0.0.0/8", "2001:db8::/32"), 503, 503, false));

        for (int i = 0; i < 20; i++) {
            assertThat(limiter.admit("10.1.2.3").refusal()).isZero();
            assertThat(limiter.admit("2001:db8::7").refusal()).isZero();
        }
        assertThat(limiter.admit("192.0.2.1").refusal()).isZero();
        assertThat(limiter.admit("192.0.2.1").refusal()).isEqualTo(503);
    }

    @Test
    void a_request_refused_by_the_rate_gives_its_place_in_flight_back() {
        RateLimiter limiter = compile(new RateLimit("default/web", 1, 0, 2, 1, List.of(), 429, 503, false));

        RequestSlot first = limiter.admit("192.0.2.1");
        limiter.admit("192.0.2.1").release();
        RequestSlot refused = limiter.admit("192.0.2.1");

        assertThat(first.refusal()).isZero();
        assertThat(refused.refusal()).as("the rate").isEqualTo(429);
        nanos.addAndGet(1_000_000_000L);
        assertThat(limiter.admit("192.0.2.1").refusal()).as("one place of two in flight is still free").isZero();
    }

    @Test
    void a_request_beyond_the_connections_gets_the_connection_status_and_uses_no_rate() {
        RateLimiter limiter = compile(new RateLimit("default/web", 1, 0, 1, 1, List.of(), 429, 503, false));

        RequestSlot held = limiter.admit("192.0.2.1");
        RequestSlot refused = limiter.admit("192.0.2.1");
        held.release();

        assertThat(refused.refusal()).isEqualTo(503);
        assertThat(limiter.admit("192.0.2.1").refusal()).as("the burst of one is still there").isZero();
    }

    @Test
    void a_limit_that_could_not_be_read_refuses_every_client_but_the_exempt() {
        RateLimiter limiter = compile(new RateLimit("default/web", 0, 0, 0, 5, List.of("192.0.2.9"), 429, 503, true));

        assertThat(limiter.admit("192.0.2.1").refusal()).isEqualTo(429);
        assertThat(limiter.admit("192.0.2.9").refusal()).isZero();
    }

    @Test
    void an_exempt_entry_that_is_not_an_address_exempts_nobody() {
        RateLimiter limiter = compile(new RateLimit("default/web", 1, 0, 0, 1, List.of("192.0.2.1", "office"), 503, 503, false));

        limiter.admit("192.0.2.1");
        limiter.admit("192.0.2.1");

        assertThat(limiter.admit("192.0.2.1").refusal()).isEqualTo(503);
    }

    @Test
    void limit_rpm_takes_its_burst_from_the_multiplier_too() {
        RateLimiter limiter = compile(new RateLimit("default/web", 0, 6, 0, 2, List.of(), 503, 503, false));

        for (int i = 0; i < 13; i++) {
            assertThat(limiter.admit("192.0.2.1").refusal()).as("request %d", i + 1).isZero();
        }
        assertThat(limiter.admit("192.0.2.1").refusal()).isEqualTo(503);
        nanos.addAndGet(10_000_000_000L);
        assertThat(limiter.admit("192.0.2.1").refusal()).isZero();
    }

    private RateLimiter compile(RateLimit model) {
        return RateLimiter.compile(model, nanos::get, 100);
    }
}
