package dev.gatehouse.controller.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void the_wait_doubles_with_each_failure_up_to_the_maximum_and_jitter_keeps_it_between_half_and_all_of_it() {
        Backoff lowest = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1), () -> 0.0);
        Backoff highest = new Backoff(Duration.ofMinutes(1), Duration.ofHours(1), () -> 0.999_999);

        assertThat(lowest.after(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(highest.after(1)).isBetween(Duration.ofSeconds(59), Duration.ofMinutes(1));
        assertThat(lowest.after(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(highest.after(3)).isBetween(Duration.ofSeconds(239), Duration.ofMinutes(4));
        assertThat(lowest.after(10)).isEqualTo(Duration.ofMinutes(30));
        assertThat(highest.after(100)).isBetween(Duration.ofSeconds(3599), Duration.ofHours(1));
    }
}
