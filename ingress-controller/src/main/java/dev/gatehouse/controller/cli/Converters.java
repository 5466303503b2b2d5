package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.translate.objects.Durations;
import dev.gatehouse.routing.RequestPolicy;
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

    /**
     * A size in ingress-nginx's (nginx's) syntax: bytes, or a number with k, m or g ({@code 1m}, {@code 512k});
     * {@code 0} means no limit and converts to {@link RequestPolicy#NO_LIMIT}.
     */
    static final class Size implements CommandLine.ITypeConverter<Long> {
        private static final Pattern FORM = Pattern.compile("(\\d+)([kKmMgG]?)");

        @Override
        public Long convert(String value) {
            Matcher matcher = FORM.matcher(value.trim());
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                long unit = switch (matcher.group(2).toLowerCase()) {
                    case "k" -> 1024L;
                    case "m" -> 1024L * 1024;
                    case "g" -> 1024L * 1024 * 1024;
                    default -> 1L;
                };
                return amount == 0 ? RequestPolicy.NO_LIMIT : amount * unit;
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a size (expected bytes or a number with k, m or g, e.g. 1m; 0 for no limit)");
        }
    }

    /** A duration written like {@code 100ms}, {@code 5s}, {@code 2m} or {@code 1h}. */
    static final class Time implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration = Durations.parse(value);
            if (duration == null) {
                throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a duration (expected a positive number with ms, s, m or h, e.g. 5s)");
            }
            return duration;
        }
    }
}
