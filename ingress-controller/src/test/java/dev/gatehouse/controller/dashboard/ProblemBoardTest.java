package dev.gatehouse.controller.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProblemBoardTest {

    private static final Warning BAD_PATH = new Warning(new ObjectRef("Ingress", "shop", "web"), Warning.INVALID_PATH,
            "ingress shop/web: path \"foo\" must start with \"/\"");
    private static final Warning BAD_LABEL = new Warning(new ObjectRef("Service", "shop", "api"), Warning.INVALID_LABEL,
            "service shop/api: HAPROXY_0_VHOST is empty");

    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final ProblemBoard board = new ProblemBoard(new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @Test
    void problemsAreListedNewestFirstWithTheObjectAndTheEventsMessage() {
        board.update(List.of(BAD_PATH));
        now = now.plus(Duration.ofMinutes(5));
        board.update(List.of(BAD_PATH, BAD_LABEL));

        List<Map<String, Object>> rows = board.rows();

        assertThat(board.size()).isEqualTo(2);
        assertThat(rows.get(0)).containsEntry("kind", "Service").containsEntry("name", "api")
                .containsEntry("reason", "InvalidLabel").containsEntry("since", "2026-12-07T10:05:00Z");
        assertThat(rows.get(1)).containsEntry("namespace", "shop").containsEntry("message", BAD_PATH.message())
                .containsEntry("since", "2026-12-07T10:00:00Z");
    }

    @Test
    void aProblemThatWentAwayAndCameBackIsNewAgain() {
        board.update(List.of(BAD_PATH));
        board.update(List.of());
        now = now.plus(Duration.ofMinutes(1));
        board.update(List.of(BAD_PATH));

        assertThat(board.rows()).singleElement().satisfies(row -> assertThat(row).containsEntry("since", "2026-12-07T10:01:00Z"));
    }
}
