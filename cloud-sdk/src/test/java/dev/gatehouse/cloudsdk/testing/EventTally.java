package dev.gatehouse.cloudsdk.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What each object went through in a convergence test, beside the Events the sync reported for it, to check that
 * every failure was reported once and not once per retry. The test tells it each attempt an object saw (failed
 * with a reason and message, or went through) and each Event the sync wrote (a Warning, a recovery).
 *
 * <p>The distinct failures an object saw are its runs of consecutive failed attempts with the same reason and the
 * same message once what the fakes vary between retries of one failure is set aside: request ids ({@code req-N})
 * and uuid-shaped ids (ETags, operation ids). An attempt that went through ends a run, and so does an attempt
 * the object was {@linkplain #absent absent} from. This is the tests' own
 * reading, not the sync's, so that a sync that reports a retry as a new failure is caught.
 */
public final class EventTally {

    private static final Pattern VOLATILE = Pattern.compile(
            "\\breq-\\d+\\b|\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

    private record Seen(boolean failed, String failure) {
    }

    /** The object had nothing to sync for a while (its hostnames all deleted): the sync may forget its failure. */
    private static final Seen GONE = new Seen(false, "gone");

    private final Map<String, List<Seen>> attempts = new TreeMap<>();
    private final Map<String, Integer> warnings = new TreeMap<>();
    /** Per object, whether its last Event was a Warning with no recovery after it. */
    private final Map<String, Boolean> unrecovered = new TreeMap<>();
    private int recoveries;

    public void attemptFailed(String object, String reason, String message) {
        attempts.computeIfAbsent(object, o -> new ArrayList<>())
                .add(new Seen(true, reason + "\n" + VOLATILE.matcher(message).replaceAll("*")));
    }

    public void attemptSucceeded(String object) {
        attempts.computeIfAbsent(object, o -> new ArrayList<>()).add(new Seen(false, ""));
    }

    /**
     * The object was not among those synced by an attempt: a failure after this one is a failure of its own, and a
     * Warning before it is not owed a recovery (the sync forgets what it no longer syncs).
     */
    public void absent(String object) {
        attempts.computeIfAbsent(object, o -> new ArrayList<>()).add(GONE);
        unrecovered.remove(object);
    }

    public void warning(String object) {
        warnings.merge(object, 1, Integer::sum);
        unrecovered.put(object, true);
    }

    public void recovered(String object) {
        recoveries++;
        unrecovered.put(object, false);
    }

    /** Objects with more Warnings than distinct failures, each with both counts. */
    public Map<String, String> warnedMoreThanOncePerFailure() {
        Map<String, String> over = new TreeMap<>();
        warnings.forEach((object, count) -> {
            int distinct = distinctFailures(object);
            if (count > distinct) {
                over.put(object, count + " warnings for " + distinct + " distinct failure(s)");
            }
        });
        return over;
    }

    /** Objects whose last attempt went through but whose last Event is still a Warning. */
    public List<String> neverToldTheyRecovered() {
        return unrecovered.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .filter(object -> {
                    List<Seen> seen = attempts.getOrDefault(object, List.of());
                    Seen last = seen.isEmpty() ? null : seen.get(seen.size() - 1);
                    return last != null && !last.failed() && last != GONE;
                }).toList();
    }

    public int distinctFailures(String object) {
        int distinct = 0;
        Seen previous = null;
        for (Seen seen : attempts.getOrDefault(object, List.of())) {
            if (seen.failed() && (previous == null || !previous.failed() || !previous.failure().equals(seen.failure()))) {
                distinct++;
            }
            previous = seen;
        }
        return distinct;
    }

    public int failedAttempts() {
        return (int) attempts.values().stream().flatMap(List::stream).filter(Seen::failed).count();
    }

    public int distinctFailures() {
        return attempts.keySet().stream().mapToInt(this::distinctFailures).sum();
    }

    public int warnings() {
        return warnings.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** E.g. {@code 812 failed attempts, 240 distinct failures, 240 warnings, 61 recoveries}, for the test's output. */
    @Override
    public String toString() {
        return failedAttempts() + " failed attempts, " + distinctFailures() + " distinct failures, " + warnings()
                + " warning events, " + recoveries + " recovery events";
    }
}
