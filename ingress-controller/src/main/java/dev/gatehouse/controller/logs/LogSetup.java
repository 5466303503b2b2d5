package dev.gatehouse.controller.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** Applies {@code --log-format} and {@code --log-level} to logback, over what its configuration file set. */
public final class LogSetup {

    /** The areas {@code --log-level} knows, and the loggers each covers. */
    public static final Map<String, List<String>> AREAS = Map.of(
            "proxy", List.of("dev.gatehouse.proxy"),
            "controller", List.of("dev.gatehouse.controller"),
            "acme", List.of("dev.gatehouse.controller.acme", "dev.gatehouse.tls.acme", "org.shredzone.acme4j"),
            "dns", List.of("dev.gatehouse.dns", "dev.gatehouse.controller.dns"),
            "lb", List.of("dev.gatehouse.cloudlb"));

    /** The levels {@code --log-level} knows, lower case. */
    public static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private LogSetup() {
    }

    /** Replaces the root logger's appenders by one writing {@link JsonLines} to standard error. */
    public static void json() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        JsonLines encoder = new JsonLines();
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("json");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(stderr);
    }

    /**
     * Sets levels: {@code area} one of {@link #AREAS}, or null for every logger (the root).
     *
     * @param level one of {@link #LEVELS}
     */
    public static void level(String area, String level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Level parsed = Level.toLevel(level.toUpperCase(Locale.ROOT));
        List<String> loggers = area == null ? List.of(org.slf4j.Logger.ROOT_LOGGER_NAME) : AREAS.get(area);
        for (String logger : loggers) {
            context.getLogger(logger).setLevel(parsed);
        }
    }
}
