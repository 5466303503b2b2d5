package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sliding window's arithmetic, worked by hand from lua-resty-global-throttle 0.2's: a limit of 5 per minute, at
 * chosen points of window 1000 (which starts at 60 000 000 ms).
 */
class SlidingWindowTest {

    private static final long WINDOW = 60_000;
    private static final long START = 1000 * WINDOW;
    private final SlidingWindow fivePerMinute = new SlidingWindow(5, WINDOW);

    @Test
    void withoutHistoryTheWholeLimitPassesAtTheEndOfAWindow() {
        long late = START + 59_000;

        assertThat(burst(late, 0, 6)).containsExactly(true, true, true, true, true, false);
    }

    @Test
    void withoutHistoryABurstAtTheStartOfAWindowIsCutWhereItsRateWouldReachTheLimitByTheWindowsEnd() {
        // with the whole window left, a count of c is heading for 2c: the third request makes 3, heading for 6
        assertThat(burst(START + 1, 0, 5)).containsExactly(true, true, true, false, false);
    }

    @Test
    void aFullPreviousWindowLeavesRoomForOneRequestRightAfterTheBoundary() {
        // 1 s in: 5 * 59/60 = 4.92 of the previous window still counts; heading for 4.92 * 59/60 = 4.84, then 6.82
        assertThat(burst(START + 1_000, 5, 3)).containsExactly(true, false, false);
    }

    @Test
    void thePreviousWindowWeighsLessAsTheWindowSlides() {
        // halfway: 2.5 of the previous window counts, and one request of this window: heading for 2.75, 4.25, then 5.75
        assertThat(burst(START + 30_000, 5, 1, 4)).containsExactly(true, true, false, false);
    }

    @Test
    void aRefusalLastsUntilTheProjectionFallsBackToTheLimit() {
        long now = START + 1_000;
        // count 1 after the boundary: rate (4.9167 + 1) / 60 s, which reaches 5 by the window's end once 4 / rate =
        // 40 563.4 ms remain, 18 436.6 ms from now
        long refuseFor = fivePerMinute.refusal(now, 5, 1);

        assertThat(refuseFor).isEqualTo(18_436);
        assertThat(fivePerMinute.refusal(now + refuseFor + 1, 5, 1)).isEqualTo(SlidingWindow.PASSES);
    }

    @Test
    void aCountAtTheLimitIsRefusedUntilTheWindowEnds() {
        assertThat(fivePerMinute.refusal(START + 45_000, 0, 5)).isEqualTo(15_000);
        assertThat(fivePerMinute.refusal(START + 45_000, 0, 7)).isEqualTo(15_000);
    }

    @Test
    void aPreviousWindowOlderThanOneWindowIsNotAskedAboutSoTwoWindowsLaterTheLimitIsWholeAgain() {
        // the caller reads only the immediately previous window: two windows on, it reads 0
        assertThat(burst(START + 2 * WINDOW + 59_000, 0, 6)).containsExactly(true, true, true, true, true, false);
    }

    @Test
    void aLimitOrWindowOfZeroIsRefused() {
        assertThatThrownBy(() -> new SlidingWindow(0, WINDOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SlidingWindow(5, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private List<Boolean> burst(long now, long previous, int requests) {
        return burst(now, previous, 0, requests);
    }

    /** Whether each of {@code requests} at {@code now} passes; passed ones count, refused ones do not. */
    private List<Boolean> burst(long now, long previous, long counted, int requests) {
        List<Boolean> passed = new ArrayList<>();
        long count = counted;
        for (int i = 0; i < requests; i++) {
            boolean passes = fivePerMinute.refusal(now, previous, count) == SlidingWindow.PASSES;
            passed.add(passes);
            if (passes) {
                count++;
            }
        }
        return passed;
    }
}
