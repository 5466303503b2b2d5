package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** nginx's leaky bucket with burst and nodelay, per client address, on a clock the test drives. */
class RequestBucketsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void from_a_full_stop_the_burst_and_one_more_pass_at_once_and_the_next_is_refused() {
        RequestBuckets buckets = buckets(2, 10);

        assertThat(admitted(buckets, "192.0.2.1", 11)).isEqualTo(11);
        assertThat(buckets.admit("192.0.2.1")).isFalse();
    }

    @Test
    void the_bucket_drains_at_the_rate_so_one_more_request_passes_per_interval() {
        RequestBuckets buckets = buckets(2, 10);
        admitted(buckets, "192.0.2.1", 11);

        advance(Duration.ofMillis(499));
        assertThat(buckets.admit("192.0.2.1")).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(buckets.admit("192.0.2.1")).isTrue();
        assertThat(buckets.admit("192.0.2.1")).isFalse();
    }

    @Test
    void a_refused_request_uses_up_nothing() {
        RequestBuckets buckets = buckets(2, 10);
        admitted(buckets, "192.0.2.1", 11);
        assertThat(admitted(buckets, "192.0.2.1", 50)).isZero();

        advance(Duration.ofMillis(500));

        assertThat(buckets.admit("192.0.2.1")).isTrue();
    }

    @Test
    void a_drained_bucket_gives_the_whole_burst_again_and_never_more() {
        RequestBuckets buckets = buckets(2, 10);
        admitted(buckets, "192.0.2.1", 11);

        advance(Duration.ofMinutes(10));

        assertThat(admitted(buckets, "192.0.2.1", 20)).isEqualTo(11);
    }

    @Test
    void each_client_address_has_its_own_bucket() {
        RequestBuckets buckets = buckets(1, 2);
        admitted(buckets, "192.0.2.1", 3);

        assertThat(buckets.admit("192.0.2.1")).isFalse();
        assertThat(admitted(buckets, "192.0.2.2", 3)).isEqualTo(3);
        assertThat(admitted(buckets, "2001:db8::1", 3)).isEqualTo(3);
    }

    @Test
    void the_stricter_of_two_rates_refuses_and_the_other_does_not_count_what_it_refused() {
        // 1 per second with a burst of 1, and 3 per minute with a burst of 3
        RequestBuckets buckets = new RequestBuckets(new long[] {60, 3}, new long[] {1, 3}, nanos::get, 100);

        assertThat(admitted(buckets, "192.0.2.1", 3)).as("the per-second burst").isEqualTo(2);
        advance(Duration.ofSeconds(1));
        assertThat(buckets.admit("192.0.2.1")).isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(buckets.admit("192.0.2.1")).isTrue();
        advance(Duration.ofSeconds(1));
        assertThat(buckets.admit("192.0.2.1")).as("the per-minute burst is used up").isFalse();
        advance(Duration.ofSeconds(20));
        assertThat(buckets.admit("192.0.2.1")).isTrue();
    }

    @Test
    void the_number_of_clients_remembered_is_bounded() {
        RequestBuckets buckets = new RequestBuckets(new long[] {60}, new long[] {5}, nanos::get, 3);

        IntStream.rangeClosed(1, 50).forEach(i -> buckets.admit("192.0.2." + i));

        assertThat(buckets.clients()).isLessThanOrEqualTo(3);
    }

    @Test
    void a_client_is_forgotten_once_its_bucket_would_have_drained() {
        RequestBuckets buckets = buckets(2, 10);
        admitted(buckets, "192.0.2.1", 11);
        assertThat(buckets.clients()).isEqualTo(1);

        advance(Duration.ofSeconds(10));

        assertThat(buckets.clients()).isZero();
        assertThat(admitted(buckets, "192.0.2.1", 12)).isEqualTo(11);
    }

    private RequestBuckets buckets(long perSecond, long burst) {
        return new RequestBuckets(new long[] {perSecond * 60}, new long[] {burst}, nanos::get, 100);
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    private static int admitted(RequestBuckets buckets, String client, int requests) {
        int passed = 0;
        for (int i = 0; i < requests; i++) {
            if (buckets.admit(client)) {
                passed++;
            }
        }
        return passed;
    }
}
