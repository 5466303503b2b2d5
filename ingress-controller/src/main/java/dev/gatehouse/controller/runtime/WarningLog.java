package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.translate.Translation;
import dev.gatehouse.controller.translate.objects.Warning;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs translation warnings once each: a warning is logged when it first appears and again only after it
 * went away and came back, so a rebuild loop cannot flood the log.
 */
final class WarningLog implements Consumer<Translation> {

    private static final Logger log = LoggerFactory.getLogger("dev.gatehouse.controller.warnings");

    private Set<Warning> current = Set.of();

    @Override
    public synchronized void accept(Translation translation) {
        List<Warning> warnings = translation.warnings();
        Set<Warning> next = new HashSet<>(warnings);
        for (Warning warning : warnings) {
            if (!current.contains(warning)) {
                // the object and reason as fields too, for log pipelines to index (--log-format json)
                log.atWarn().addKeyValue("kind", warning.object().kind()).addKeyValue("namespace", warning.object().namespace())
                        .addKeyValue("name", warning.object().name()).addKeyValue("reason", warning.reason())
                        .log("{} [{}]", warning.message(), warning.reason());
            }
        }
        current = next;
    }
}
