package dev.gatehouse.logging.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every line logged while it is open, from any logger, as logback hands it to appenders: on the root logger, so
 * nothing (Netty's own warnings included) escapes it. Levels set with {@link #level} are restored on close.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> previous = new HashMap<>();

    private LogCapture() {
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** Sets a logger's level for as long as the capture is open, e.g. to see DEBUG lines. */
    public synchronized LogCapture level(String logger, Level level) {
        Logger target = (Logger) LoggerFactory.getLogger(logger);
        if (!previous.containsKey(target)) {
            previous.put(target, target.getLevel());
        }
        target.setLevel(level);
        return this;
    }

    /** The lines so far. */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The lines at {@code level} or above. */
    public List<ILoggingEvent> atLeast(Level level) {
        return events().stream().filter(event -> event.getLevel().isGreaterOrEqual(level)).toList();
    }

    /** The lines so far as "LEVEL logger message", for assertion messages. */
    public String describe(List<ILoggingEvent> events) {
        return String.join("\n", events.stream()
                .map(event -> event.getLevel() + " " + event.getLoggerName() + " " + event.getFormattedMessage()).toList());
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        previous.forEach(Logger::setLevel);
    }
}
