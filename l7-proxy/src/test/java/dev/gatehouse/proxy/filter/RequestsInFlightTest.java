package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** nginx's limit_conn as requests in flight per client address. */
class RequestsInFlightTest {

    @Test
    void a_client_gets_as_many_slots_as_the_limit_and_a_released_one_can_be_taken_again() {
        RequestsInFlight inFlight = new RequestsInFlight(2);

        RequestSlot first = inFlight.acquire("192.0.2.1");
        RequestSlot second = inFlight.acquire("192.0.2.1");

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(inFlight.acquire("192.0.2.1")).isNull();
        first.release();
        assertThat(inFlight.acquire("192.0.2.1")).isNotNull();
        assertThat(inFlight.acquire("192.0.2.1")).isNull();
    }

    @Test
    void releasing_a_slot_twice_frees_it_once() {
        RequestsInFlight inFlight = new RequestsInFlight(2);
        RequestSlot first = inFlight.acquire("192.0.2.1");
        inFlight.acquire("192.0.2.1");

        first.release();
        first.release();

        assertThat(inFlight.inFlight("192.0.2.1")).isEqualTo(1);
    }

    @Test
    void each_client_address_counts_on_its_own_and_leaves_no_state_behind() {
        RequestsInFlight inFlight = new RequestsInFlight(1);

        RequestSlot one = inFlight.acquire("192.0.2.1");
        RequestSlot other = inFlight.acquire("2001:db8::1");

        assertThat(other).isNotNull();
        assertThat(inFlight.acquire("192.0.2.1")).isNull();
        one.release();
        other.release();
        assertThat(inFlight.inFlight("192.0.2.1")).isZero();
        assertThat(inFlight.inFlight("2001:db8::1")).isZero();
    }

    @Test
    void event_loops_taking_and_releasing_at_once_never_exceed_the_limit_or_lose_a_slot() throws Exception {
        RequestsInFlight inFlight = new RequestsInFlight(3);
        AtomicInteger held = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        RequestSlot slot = inFlight.acquire("192.0.2.1");
                        if (slot != null) {
                            most.accumulateAndGet(held.incrementAndGet(), Math::max);
                            held.decrementAndGet();
                            slot.release();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(most.get()).isBetween(1, 3);
        assertThat(inFlight.inFlight("192.0.2.1")).isZero();
        assertThat(inFlight.acquire("192.0.2.1")).isNotNull();
    }
}
