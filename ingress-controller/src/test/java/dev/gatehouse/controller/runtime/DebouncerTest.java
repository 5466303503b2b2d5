package dev.gatehouse.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DebouncerTest {

    private static final Duration HOLD_OFF = Duration.ofMillis(100);
    private static final Duration MAX_HOLD_OFF = Duration.ofSeconds(1);

    private final ManualTimer timer = new ManualTimer();
    private final List<Long> runs = new ArrayList<>();

    private Debouncer debouncer(Runnable during) {
        return new Debouncer(HOLD_OFF, MAX_HOLD_OFF, () -> {
            runs.add(timer.nanoTime());
            during.run();
        }, timer);
    }

    @Test
    void theFirstChangeAfterAQuietPeriodRebuildsAtOnce() {
        Debouncer debouncer = debouncer(() -> { });
        debouncer.trigger();
        timer.runDue();
        timer.advance(Duration.ofSeconds(5));

        debouncer.trigger();
        timer.runDue();

        assertThat(runs).containsExactly(0L, Duration.ofSeconds(5).toNanos());
    }

    @Test
    void changesDuringARebuildCoalesceIntoExactlyOneMoreRebuildAfterTheHoldOff() {
        AtomicInteger changesDuringRun = new AtomicInteger(30);
        Debouncer[] debouncer = new Debouncer[1];
        debouncer[0] = debouncer(() -> {
            timer.spend(Duration.ofMillis(70));
            while (changesDuringRun.getAndDecrement() > 0) {
                debouncer[0].trigger();
            }
        });
        debouncer[0].trigger();
        timer.runDue();

        timer.advance(Duration.ofSeconds(10));

        assertThat(runs).containsExactly(0L, Duration.ofMillis(170).toNanos());
    }

    @Test
    void aChangeSoonAfterARebuildWaitsForTheHoldOffSinceThatRebuildEnded() {
        Debouncer debouncer = debouncer(() -> timer.spend(Duration.ofMillis(20)));
        debouncer.trigger();
        timer.runDue();
        timer.advance(Duration.ofMillis(30));

        debouncer.trigger();
        debouncer.trigger();
        timer.advance(Duration.ofSeconds(10));

        assertThat(runs).containsExactly(0L, Duration.ofMillis(120).toNanos());
    }

    @Test
    void aBurstOfAThousandChangesOverThreeSecondsTakesAtMostTenRebuilds() {
        Debouncer debouncer = debouncer(() -> timer.spend(Duration.ofMillis(15)));
        for (int i = 0; i < 1000; i++) {
            debouncer.trigger();
            timer.advance(Duration.ofMillis(3));
        }
        int duringTheBurst = runs.size();

        timer.advance(Duration.ofSeconds(10));

        assertThat(runs).hasSizeLessThanOrEqualTo(10);
        assertThat(runs).as("the burst's last change is rebuilt after it").hasSizeGreaterThan(duringTheBurst);
    }

    @Test
    void aSteadyStreamOfChangesIsRebuiltAtLeastEveryMaximumHoldOff() {
        Debouncer debouncer = debouncer(() -> timer.spend(Duration.ofMillis(5)));
        for (int i = 0; i < 500; i++) {
            debouncer.trigger();
            timer.advance(Duration.ofMillis(20));
        }

        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            gaps.add(runs.get(i) - runs.get(i - 1));
        }
        assertThat(gaps).isNotEmpty().allSatisfy(gap -> assertThat(gap).isLessThanOrEqualTo(MAX_HOLD_OFF.toNanos() + Duration.ofMillis(25).toNanos()));
        assertThat(runs).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void aQuietPeriodAfterAStormMakesTheNextChangeImmediateAgain() {
        Debouncer debouncer = debouncer(() -> timer.spend(Duration.ofMillis(5)));
        for (int i = 0; i < 200; i++) {
            debouncer.trigger();
            timer.advance(Duration.ofMillis(10));
        }
        timer.advance(Duration.ofSeconds(5));
        long change = timer.nanoTime();

        debouncer.trigger();
        timer.runDue();

        assertThat(runs.get(runs.size() - 1)).isEqualTo(change);
    }

    @Test
    void afterAStormChangesFartherApartThanTheHoldOffAreEachRebuiltAtOnce() {
        Debouncer debouncer = debouncer(() -> timer.spend(Duration.ofMillis(5)));
        for (int i = 0; i < 200; i++) {
            debouncer.trigger();
            timer.advance(Duration.ofMillis(10));
        }
        timer.advance(MAX_HOLD_OFF.plusMillis(200));
        List<Long> changes = new ArrayList<>();
        int before = runs.size();

        for (int i = 0; i < 5; i++) {
            changes.add(timer.nanoTime());
            debouncer.trigger();
            timer.advance(Duration.ofMillis(300));
        }

        assertThat(runs.subList(before, runs.size())).isEqualTo(changes);
    }

    @Test
    void aPeriodicTriggerRunsTheActionWithoutAnyChange() {
        debouncer(() -> { }).triggerEvery(Duration.ofMinutes(1));

        timer.advance(Duration.ofMinutes(3));

        assertThat(runs).hasSize(3);
    }

    @Test
    void aFailingActionDoesNotStopLaterRuns() {
        Debouncer debouncer = debouncer(() -> {
            throw new IllegalStateException("translation bug");
        });
        debouncer.trigger();
        timer.runDue();
        timer.advance(Duration.ofSeconds(1));

        debouncer.trigger();
        timer.runDue();

        assertThat(runs).hasSize(2);
    }

    @Test
    void aHoldOffLongerThanTheMaximumIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Debouncer(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> { }, timer));
    }
}
