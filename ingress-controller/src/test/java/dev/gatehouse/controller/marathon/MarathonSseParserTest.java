package dev.gatehouse.controller.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.marathon.SseParser.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event-stream framing, line by line as the stream's reader hands the lines over. */
class MarathonSseParserTest {

    private final List<Event> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    @Test
    void a_blank_line_dispatches_the_event_named_by_its_event_field() {
        feed("event: status_update_event", "data: {\"taskStatus\":\"TASK_RUNNING\"}", "");

        assertThat(events).containsExactly(new Event("status_update_event", "{\"taskStatus\":\"TASK_RUNNING\"}"));
    }

    @Test
    void data_lines_are_joined_by_newlines_and_only_one_space_after_the_colon_is_dropped() {
        feed("data:first", "data:  second", "data", "data: ", "");

        assertThat(events).containsExactly(new Event("message", "first\n second\n\n"));
    }

    @Test
    void comments_ids_retries_and_unknown_fields_are_ignored_and_the_name_does_not_carry_over() {
        feed("\uFEFF: hello", "id: 7", "retry: 1000", "colour: red", "event: api_post_event", "data: {}", "",
                "event: unused", "", "data: x", "");

        assertThat(events).containsExactly(new Event("api_post_event", "{}"), new Event("message", "x"));
    }

    @Test
    void an_event_the_stream_ends_before_dispatching_is_dropped() {
        feed("event: status_update_event", "data: {}");

        assertThat(events).isEmpty();
    }

    private void feed(String... lines) {
        for (String line : lines) {
            parser.line(line);
        }
    }
}
