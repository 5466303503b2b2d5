package dev.gatehouse.controller.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    private final List<String> calls = new ArrayList<>();
    private final Lifecycle parts = new Lifecycle();

    @Test
    void parts_start_in_the_order_they_are_handed_over_and_stop_in_the_reverse_order() {
        parts.start(part("proxy"));
        parts.start(part("routing"));
        parts.start(part("source"));

        parts.stop();

        assertThat(calls).containsExactly("start proxy", "start routing", "start source",
                "stop source", "stop routing", "stop proxy");
    }

    @Test
    void a_part_that_fails_to_start_stops_the_ones_already_started_and_is_not_stopped_itself() {
        parts.start(part("proxy"));
        parts.start(part("routing"));

        assertThatThrownBy(() -> parts.start(failingToStart("source")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("starting source failed: no such directory");

        assertThat(calls).containsExactly("start proxy", "start routing", "start source",
                "stop routing", "stop proxy");
        assertThat(parts.names()).isEmpty();
    }

    @Test
    void a_runtime_failure_to_start_is_thrown_as_it_is() {
        IllegalArgumentException failure = new IllegalArgumentException("port taken");

        assertThatThrownBy(() -> parts.start(recording("proxy", () -> {
            throw failure;
        }))).isSameAs(failure);
    }

    @Test
    void a_part_that_fails_to_stop_does_not_keep_the_parts_before_it_running() {
        parts.start(part("proxy"));
        parts.start(failingToStop("routing"));
        parts.start(part("source"));

        parts.stop();

        assertThat(calls).containsExactly("start proxy", "start routing", "start source",
                "stop source", "stop routing", "stop proxy");
    }

    @Test
    void each_part_stops_once_however_often_the_whole_is_stopped() {
        parts.start(part("proxy"));

        parts.stop();
        parts.stop();

        assertThat(calls).containsExactly("start proxy", "stop proxy");
    }

    @Test
    void a_part_made_at_start_is_returned_and_handed_to_its_stop() {
        StringBuilder made = parts.start("log", () -> new StringBuilder("made"), builder -> calls.add("stop " + builder));

        assertThat(parts.names()).containsExactly("log");
        parts.stop();
        assertThat(made).hasToString("made");
        assertThat(calls).containsExactly("stop made");
    }

    private Component part(String name) {
        return recording(name, () -> { });
    }

    private Component failingToStart(String name) {
        return recording(name, () -> {
            throw new IOException("no such directory");
        });
    }

    private Component failingToStop(String name) {
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                calls.add("start " + name);
            }

            @Override
            public void stop() {
                calls.add("stop " + name);
                throw new IllegalStateException("stuck");
            }
        };
    }

    private interface Action {
        void run() throws Exception;
    }

    private Component recording(String name, Action onStart) {
        return new Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() throws Exception {
                calls.add("start " + name);
                onStart.run();
            }

            @Override
            public void stop() {
                calls.add("stop " + name);
            }
        };
    }
}
