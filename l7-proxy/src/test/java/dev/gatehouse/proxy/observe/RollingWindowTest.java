package dev.gatehouse.proxy.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RollingWindowTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final RollingWindow window = new RollingWindow(clock::get);

    @Test
    void ratesArePerSecondOverTheLastMinuteByStatusClass() {
        clock.addAndGet(60 * SECOND);
        for (int i = 0; i < 60; i++) {
            window.request(200);
        }
        for (int i = 0; i < 30; i++) {
            window.request(404);
        }
        for (int i = 0; i < 6; i++) {
            window.request(503);
        }

        RollingWindow.Summary minute = window.summary();

        assertThat(minute.requests()).isEqualTo(96);
        assertThat(minute.clientErrors()).isEqualTo(30);
        assertThat(minute.serverErrors()).isEqualTo(6);
        assertThat(minute.seconds()).isEqualTo(60.0);
        assertThat(minute.requestsPerSecond()).isEqualTo(1.6);
        assertThat(minute.serverErrorsPerSecond()).isEqualTo(0.1);
    }

    @Test
    void aWindowYoungerThanAMinuteDividesByItsAge() {
        clock.addAndGet(4 * SECOND);
        for (int i = 0; i < 8; i++) {
            window.request(200);
        }

        assertThat(window.summary().requestsPerSecond()).isEqualTo(2.0);
    }

    @Test
    void requestsOlderThanTheWindowAreForgottenWhileRecentOnesStay() {
        clock.addAndGet(120 * SECOND);
        window.request(500);
        clock.addAndGet(40 * SECOND);
        window.request(200);

        assertThat(window.summary().requests()).isEqualTo(2);

        clock.addAndGet(30 * SECOND);

        RollingWindow.Summary later = window.summary();
        assertThat(later.requests()).isEqualTo(1);
        assertThat(later.serverErrors()).isZero();
    }

    @Test
    void aSlotReusedAfterAMinuteStartsFromZero() {
        clock.addAndGet(120 * SECOND);
        window.request(200);
        window.request(200);
        clock.addAndGet(RollingWindow.SLOTS * RollingWindow.SLOT_NANOS);
        window.request(200);

        assertThat(window.summary().requests()).isEqualTo(1);
    }

    @Test
    void percentilesAreTheUpperBoundsOfTheirDoublingBuckets() {
        clock.addAndGet(60 * SECOND);
        for (int i = 0; i < 98; i++) {
            window.latency(3_000_000L);
        }
        window.latency(900_000_000L);
        window.latency(900_000_000L);

        RollingWindow.Summary minute = window.summary();

        assertThat(minute.p50Millis()).isEqualTo(4.0);
        assertThat(minute.p99Millis()).isEqualTo(1024.0);
    }

    @Test
    void withoutSamplesThereIsNoLatencyAndNoErrorRatio() {
        RollingWindow.Summary empty = window.summary();

        assertThat(empty.p50Millis()).isNaN();
        assertThat(empty.errorRatio()).isZero();
    }

    @Test
    void anEndpointsErrorRatioCountsFailedAttemptsAgainstAllAttempts() {
        clock.addAndGet(60 * SECOND);
        window.success();
        window.success();
        window.success();
        window.failure();

        assertThat(window.summary().errorRatio()).isEqualTo(0.25);
    }

    @Test
    void latencyBucketsDoubleFromAQuarterMillisecondAndTheLastTakesTheRest() {
        assertThat(RollingWindow.bucket(250_000L)).isZero();
        assertThat(RollingWindow.bucket(250_001L)).isEqualTo(1);
        assertThat(RollingWindow.bucket(Long.MAX_VALUE)).isEqualTo(RollingWindow.LATENCY_BUCKETS - 1);
    }
}
