package dev.gatehouse.cloudsdk;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which failures of a sync are news, object by object, so that each failure is reported once and not once per
 * retry. A failure starts when an object that was fine fails; it is the same failure while the object keeps
 * failing with the same reason and the same {@linkplain #normalise normalised} message (request ids, timestamps
 * and attempt counts differ from one retry to the next and do not count); a different reason or message is a new
 * failure; a success ends it. The state is per object: an object that starts failing beside others that already
 * are (a new host in a zone whose writes keep failing) has a failure of its own.
 *
 * <p>Not thread-safe: one sync loop's thread calls it. At most {@value #REMEMBERED} objects are remembered (the
 * least recently reported go first, and would be reported again).
 */
public final class FailureReports {

    private static final int REMEMBERED = 10_000;
    private static final Pattern REQUEST_ID = Pattern.compile(
            "(?i)(x-ms-request-id|x-amzn-requestid|request[ -]?id|correlation[ -]?id|tracking[ -]?id)(\\s*[:=]?\\s*)[A-Za-z0-9-]+");
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern ATTEMPTS = Pattern.compile("(?i)(attempt count|attempts?|retry-after)(\\s*[:=]?\\s*)\\d+");

    private record Failure(String reason, String message) {
    }

    private final Map<String, Failure> failing = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** Whether this failure of {@code object} is news (it was fine, or failed otherwise): report it if so. */
    public boolean failed(String object, String reason, String message) {
        Failure now = new Failure(reason, normalise(message));
        return !now.equals(failing.put(object, now));
    }

    /** Whether {@code object}, now fine, was failing: its recovery is news once. */
    public boolean recovered(String object) {
        return failing.remove(object) != null;
    }

    /** Whether {@code object} is failing now. */
    public boolean failing(String object) {
        return failing.containsKey(object);
    }

    /** Forgets the objects that are gone (not in {@code present}), without reporting them recovered. */
    public void retain(Collection<String> present) {
        Set<String> keep = present instanceof Set<String> set ? set : new HashSet<>(present);
        failing.keySet().removeIf(object -> !keep.contains(object));
    }

    /** The message without what differs between retries of the same failure: request ids, uuids, timestamps, counts. */
    public static String normalise(String message) {
        String text = Objects.requireNonNullElse(message, "");
        text = REQUEST_ID.matcher(text).replaceAll("$1$2*");
        text = UUID.matcher(text).replaceAll("*");
        text = TIMESTAMP.matcher(text).replaceAll("*");
        return ATTEMPTS.matcher(text).replaceAll("$1$2*");
    }
}
