package dev.gatehouse.controller.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Option value converters whose errors say what was expected. */
final class Converters {

    private Converters() {
    }

    /** A TCP port, 0 meaning any free port. */
    static final class Port implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int port = Integer.parseInt(value.trim());
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a port (expected an integer from 0 to 65535, 0 for any free port)");
        }
    }

    /** A count of zero or more. */
    static final class Count implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int count = Integer.parseInt(value.trim());
                if (count >= 0) {
                    return count;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a count (expected an integer of 0 or more)");
        }
    }

    /** A duration written like {@code 100ms}, {@code 5s}, {@code 2m} or {@code 1h}. */
    static final class Time implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher matcher = FORM.matcher(value.trim());
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                Duration duration = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
                if (!duration.isZero()) {
                    return duration;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (expected a positive number with ms, s, m or h, e.g. 5s)");
        }
    }
}
