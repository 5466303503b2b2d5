package dev.gatehouse.controller.cli;

import dev.gatehouse.controller.logs.LogSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --log-format} and {@code --log-level}: how the operational log is written. */
final class LogOptions {

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "${env:GATEHOUSE_LOG_FORMAT:-text}",
            converter = Format.class,
            description = "The operational log on standard error: text lines, or one JSON object per line (time, level, "
                    + "logger, thread, message and structured fields such as reason) for log pipelines "
                    + "(default: ${DEFAULT-VALUE}; environment GATEHOUSE_LOG_FORMAT). The access log has its own format.")
    String format;

    @Option(names = "--log-level", paramLabel = "[AREA=]LEVEL", split = ",", converter = AreaLevel.class,
            description = "A level (trace, debug, info, warn, error, off) for every logger, or for one area: proxy, "
                    + "controller, acme, dns, lb; e.g. --log-level info,proxy=debug. Repeatable; later ones win. "
                    + "Default: info (environment GATEHOUSE_LOG_LEVEL).")
    List<String[]> levels = new ArrayList<>();

    /** Applies the options; runs before the command logs anything. */
    void apply() {
        if (format.equals("json")) {
            LogSetup.json();
        }
        for (String[] level : levels) {
            LogSetup.level(level[0], level[1]);
        }
    }

    static final class Format implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String format = value.trim().toLowerCase(Locale.ROOT);
            if (format.equals("text") || format.equals("json")) {
                return format;
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a log format (expected text or json)");
        }
    }

    /** {@code [area=]level} as {area or null, level}. */
    static final class AreaLevel implements CommandLine.ITypeConverter<String[]> {
        @Override
        public String[] convert(String value) {
            String[] parts = value.trim().toLowerCase(Locale.ROOT).split("=", 2);
            String area = parts.length == 2 ? parts[0] : null;
            String level = parts[parts.length - 1];
            if (area != null && !LogSetup.AREAS.containsKey(area)) {
                throw new CommandLine.TypeConversionException("'" + value + "': unknown area '" + area + "' (expected one of "
                        + String.join(", ", new TreeSet<>(LogSetup.AREAS.keySet())) + ")");
            }
            if (!LogSetup.LEVELS.contains(level)) {
                throw new CommandLine.TypeConversionException("'" + value + "': unknown level '" + level + "' (expected one of "
                        + "trace, debug, info, warn, error, off)");
            }
            return new String[] {area, level};
        }
    }
}
