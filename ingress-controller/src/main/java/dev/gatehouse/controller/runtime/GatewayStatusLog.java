package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.translate.Translation;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone mode's Gateway API status: nothing stores it, so each condition is logged when it first appears or changes,
 * and not again while it stays the same.
 */
final class GatewayStatusLog implements Consumer<Translation> {

    private static final Logger log = LoggerFactory.getLogger("dev.gatehouse.controller.gateway");

    private Set<String> current = Set.of();

    @Override
    public synchronized void accept(Translation translation) {
        List<String> lines = translation.gateway().lines();
        for (String line : lines) {
            if (!current.contains(line)) {
                log.info("{}", line);
            }
        }
        current = new HashSet<>(lines);
    }
}
