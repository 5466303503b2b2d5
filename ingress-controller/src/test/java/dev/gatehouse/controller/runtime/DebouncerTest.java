package dev.gatehouse.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DebouncerTest {

    @Test
    void a_burst_of_triggers_runs_the_action_once() {
        AtomicInteger runs = new AtomicInteger();
        try (Debouncer debouncer = new Debouncer("test", Duration.ofMillis(200), Duration.ofSeconds(5), runs::incrementAndGet)) {
            for (int i = 0; i < 50; i++) {
                debouncer.trigger();
            }

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(runs).hasValue(1));
            await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(runs).hasValue(1));
        }
    }

    @Test
    void a_steady_stream_of_triggers_still_runs_the_action_by_the_maximum_hold_off() {
        AtomicLong firstRun = new AtomicLong();
        AtomicInteger runs = new AtomicInteger();
        ScheduledExecutorService changes = Executors.newSingleThreadScheduledExecutor();
        try (Debouncer debouncer = new Debouncer("test", Duration.ofMillis(100), Duration.ofMillis(300), () -> {
            firstRun.compareAndSet(0, System.nanoTime());
            runs.incrementAndGet();
        })) {
            long start = System.nanoTime();
            changes.scheduleAtFixedRate(debouncer::trigger, 0, 20, TimeUnit.MILLISECONDS);

            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(runs.get()).isGreaterThanOrEqualTo(3));

            assertThat((firstRun.get() - start) / 1_000_000).isBetween(280L, 600L);
        } finally {
            changes.shutdownNow();
        }
    }

    @Test
    void a_periodic_trigger_runs_the_action_without_any_change() {
        AtomicInteger runs = new AtomicInteger();
        try (Debouncer debouncer = new Debouncer("test", Duration.ofMillis(10), Duration.ofMillis(50), runs::incrementAndGet)
                .triggerEvery(Duration.ofMillis(100))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() >= 3);
        }
    }

    @Test
    void a_failing_action_does_not_stop_later_runs() {
        AtomicInteger runs = new AtomicInteger();
        try (Debouncer debouncer = new Debouncer("test", Duration.ofMillis(10), Duration.ofMillis(50), () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("translation bug");
        })) {
            debouncer.trigger();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(runs).hasValue(1));

            debouncer.trigger();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(runs).hasValue(2));
        }
    }
}
