package dev.gatehouse.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeadlineTimerTest {

    private static final long AN_HOUR = TimeUnit.HOURS.toNanos(1);

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final DeadlineTimer timer = new DeadlineTimer(channel.eventLoop());
    private final List<String> calls = new ArrayList<>();

    @Test
    void every_check_whose_deadline_passed_is_called_once_by_the_one_shared_task() {
        long passed = System.nanoTime() - 1;
        timer.arm(passed, () -> calls.add("first stream"));
        timer.arm(passed, () -> calls.add("second stream"));

        channel.runScheduledPendingTasks();
        channel.runScheduledPendingTasks();

        assertThat(calls).containsExactlyInAnyOrder("first stream", "second stream");
    }

    @Test
    void a_check_whose_deadline_is_ahead_waits_while_a_sibling_whose_deadline_passed_is_called() {
        timer.arm(System.nanoTime() + AN_HOUR, () -> calls.add("later"));
        timer.arm(System.nanoTime() - 1, () -> calls.add("due"));

        long nextDelay = channel.runScheduledPendingTasks();

        assertThat(calls).containsExactly("due");
        assertThat(nextDelay).as("nanoseconds to the next task: the later check's").isGreaterThan(AN_HOUR / 2);
    }

    @Test
    void a_disarmed_check_is_not_called_and_the_others_still_are() {
        Runnable disarmed = () -> calls.add("disarmed");
        timer.arm(System.nanoTime() - 1, disarmed);
        timer.arm(System.nanoTime() - 1, () -> calls.add("armed"));
        timer.disarm(disarmed);

        channel.runScheduledPendingTasks();

        assertThat(calls).containsExactly("armed");
    }

    @Test
    void arming_a_check_again_replaces_its_deadline_instead_of_calling_it_twice() {
        Runnable check = () -> calls.add("check");
        timer.arm(System.nanoTime() + AN_HOUR, check);
        timer.arm(System.nanoTime() - 1, check);

        channel.runScheduledPendingTasks();
        channel.runScheduledPendingTasks();

        assertThat(calls).containsExactly("check");
    }

    @Test
    void a_check_that_arms_itself_again_for_a_passed_deadline_runs_on_the_next_turn_not_in_a_loop() {
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            calls.add("check");
            if (calls.size() < 3) {
                timer.arm(System.nanoTime() - 1, self[0]);
            }
        };
        timer.arm(System.nanoTime() - 1, self[0]);

        channel.runScheduledPendingTasks();

        assertThat(calls).hasSizeLessThan(3);
        channel.runScheduledPendingTasks();
        channel.runScheduledPendingTasks();
        assertThat(calls).hasSize(3);
    }

    @Test
    void cancel_stops_every_check() {
        timer.arm(System.nanoTime() - 1, () -> calls.add("first"));
        timer.arm(System.nanoTime() + AN_HOUR, () -> calls.add("second"));

        timer.cancel();
        long nextDelay = channel.runScheduledPendingTasks();

        assertThat(calls).isEmpty();
        assertThat(nextDelay).as("no task left").isEqualTo(-1);
    }
}
