package dev.gatehouse.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.gatehouse.logging.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogLimiterTest {

    private static final String LOGGER = "dev.gatehouse.logging.LogLimiterTest.peer";
    private final AtomicLong now = new AtomicLong();
    private final LogLimiter limiter = new LogLimiter(LoggerFactory.getLogger(LOGGER), org.slf4j.event.Level.WARN,
            Duration.ofMinutes(1), now::get);

    @Test
    void aThousandOccurrencesInAMinuteWriteTheFirstAndThenOneSummaryWithTheCount() {
        try (LogCapture logs = LogCapture.start()) {
            for (int i = 0; i < 1000; i++) {
                limiter.log("tls", "client {} refused the certificate", "127.0.0.1:" + i);
            }
            now.addAndGet(Duration.ofSeconds(61).toNanos());
            limiter.flush();

            assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "client 127.0.0.1:0 refused the certificate (further ones are counted and summarized every 60 s)",
                    "999 more of \"tls\" in the last 60 s");
            assertThat(logs.events()).allSatisfy(event -> assertThat(event.getLevel()).isEqualTo(Level.WARN));
            assertThat(logs.events().get(1).getKeyValuePairs()).anySatisfy(pair -> {
                assertThat(pair.key).isEqualTo("count");
                assertThat(pair.value).isEqualTo(999L);
            });
        }
    }

    @Test
    void eachReasonHasItsOwnFirstLine() {
        try (LogCapture logs = LogCapture.start()) {
            limiter.log("reset", "reset by {}", "a");
            limiter.log("tls", "tls from {}", "b");
            limiter.log("reset", "reset by {}", "c");

            assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage)
                    .containsExactly("reset by a (further ones are counted and summarized every 60 s)",
                            "tls from b (further ones are counted and summarized every 60 s)");
        }
    }

    @Test
    void anOccurrenceAfterTheIntervalReportsTheCountAndIsLoggedAgain() {
        try (LogCapture logs = LogCapture.start()) {
            limiter.log("reset", "reset by {}", "a");
            limiter.log("reset", "reset by {}", "b");
            now.addAndGet(Duration.ofSeconds(60).toNanos());
            limiter.log("reset", "reset by {}", "c");

            assertThat(logs.events()).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                    "reset by a (further ones are counted and summarized every 60 s)",
                    "1 more of \"reset\" in the last 60 s",
                    "reset by c (further ones are counted and summarized every 60 s)");
        }
    }

    @Test
    void aFlushBeforeTheIntervalIsOverOrWithNothingCountedWritesNothing() {
        try (LogCapture logs = LogCapture.start()) {
            limiter.log("reset", "reset by {}", "a");
            limiter.flush();
            now.addAndGet(Duration.ofMinutes(2).toNanos());
            limiter.flush();

            assertThat(logs.events()).hasSize(1);
        }
    }

    @Test
    void aDisabledLevelWritesAndKeepsNothing() {
        try (LogCapture logs = LogCapture.start().level(LOGGER, Level.ERROR)) {
            limiter.log("reset", "reset by {}", "a");
            now.addAndGet(Duration.ofMinutes(2).toNanos());
            limiter.flush();

            assertThat(logs.events()).isEmpty();
        }
    }
}
