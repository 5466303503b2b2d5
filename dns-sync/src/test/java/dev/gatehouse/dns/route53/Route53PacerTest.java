package dev.gatehouse.dns.route53;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class Route53PacerTest {

    private final AtomicLong clock = new AtomicLong(-5_000_000_000L);
    private final List<Long> waits = new ArrayList<>();
    private final Pacer pacer = new Pacer(4, clock::get, nanos -> {
        waits.add(nanos);
        clock.addAndGet(nanos);
    });

    @Test
    void aBurstIsSpacedAtTheConfiguredRate() throws InterruptedException {
        long start = clock.get();
        for (int i = 0; i < 5; i++) {
            pacer.awaitTurn();
        }

        assertThat(waits).containsExactly(250_000_000L, 250_000_000L, 250_000_000L, 250_000_000L);
        assertThat(clock.get() - start).isEqualTo(1_000_000_000L);
    }

    @Test
    void requestsFurtherApartThanTheIntervalDoNotWait() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            pacer.awaitTurn();
            clock.addAndGet(300_000_000L);
        }

        assertThat(waits).isEmpty();
    }

    @Test
    void aRequestSoonAfterAnotherWaitsOnlyForTheRestOfTheInterval() throws InterruptedException {
        pacer.awaitTurn();
        clock.addAndGet(100_000_000L);
        pacer.awaitTurn();

        assertThat(waits).containsExactly(150_000_000L);
    }
}
