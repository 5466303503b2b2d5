package dev.gatehouse.controller.dashboard;

import dev.gatehouse.controller.translate.objects.Warning;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every current problem (a rule the translator left out, a refused annotation or label, an invalid config value, a
 * failed ACME order or DNS record) with when it was first seen, newest first: the same object and message as its Event.
 * A problem that goes away is forgotten; if it comes back it is new again.
 */
final class ProblemBoard {

    private final Clock clock;
    private Map<Warning, Instant> seen = Map.of();

    ProblemBoard(Clock clock) {
        this.clock = clock;
    }

    /** The problems now; those not seen before are stamped with the current time. */
    synchronized void update(List<Warning> current) {
        Instant now = clock.instant();
        Map<Warning, Instant> next = new HashMap<>();
        for (Warning warning : current) {
            next.put(warning, seen.getOrDefault(warning, now));
        }
        seen = next;
    }

    synchronized int size() {
        return seen.size();
    }

    /** The problems, newest first, then by object. */
    synchronized List<Map<String, Object>> rows() {
        List<Map.Entry<Warning, Instant>> entries = new ArrayList<>(seen.entrySet());
        entries.sort(Map.Entry.<Warning, Instant>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map.Entry<Warning, Instant> entry : entries) {
            Warning warning = entry.getKey();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("since", entry.getValue().toString());
            row.put("kind", warning.object().kind());
            row.put("namespace", warning.object().namespace());
            row.put("name", warning.object().name());
            row.put("reason", warning.reason());
            row.put("message", warning.message());
            rows.add(row);
        }
        return rows;
    }
}
