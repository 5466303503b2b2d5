package dev.gatehouse.cloudlb.aws;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What this process created that AWS may not list yet. Describe calls are eventually consistent: a load
 * balancer, target group or security group just made can be missing from the next ones, and a deletion
 * confirmed by such a describe would release the Service's finalizer and leak what it did not see. So a create
 * is remembered by name (with its ARN or id, when AWS answered it) until a describe shows the resource or it is
 * deleted; {@code ensureDeleted} deletes what is remembered by its ARN or id, which works before it is listed.
 * Kept in memory only: a restart forgets it, and by then the describe calls show what was made.
 *
 * <p>Creates whose answer was lost are remembered too, until the resource is found by its name and tags and
 * adopted, or a later create of the name goes through.
 */
final class RecentCreates {

    /** A create AWS refused as a duplicate, so the resource exists, but whose id nobody told us. */
    static final String ID_UNKNOWN = "";

    private final Map<String, String> byName = new TreeMap<>();
    /** Creates sent whose answer never came back: what is found under these names later was made by them. */
    private final Set<String> attempts = new TreeSet<>();

    /** A create of this name is about to be sent. */
    synchronized void attempting(String name) {
        attempts.add(name);
    }

    /** The create of this name was answered: nothing to adopt later. */
    synchronized void answered(String name) {
        attempts.remove(name);
    }

    synchronized void created(String name, String id) {
        attempts.remove(name);
        byName.put(name, id);
    }

    /** Whether a create of this name was sent and its answer lost. */
    synchronized boolean attempted(String name) {
        return attempts.contains(name);
    }

    /** Like {@link #attempted}, and forgets it: the resource is found, and taken over. */
    synchronized boolean adopt(String name) {
        return attempts.remove(name);
    }

    /** The create was refused because the name exists: made by an earlier attempt whose answer was lost. */
    synchronized void existsWithUnknownId(String name) {
        byName.putIfAbsent(name, ID_UNKNOWN);
    }

    /** The resource is listed now (or gone): describe calls tell the truth about it from here on. */
    synchronized void settled(String name) {
        byName.remove(name);
    }

    /** The ARN or id of what was made under this name and is not listed yet, or {@link #ID_UNKNOWN}. */
    synchronized Optional<String> unlisted(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The unlisted ones whose name starts with {@code prefix}, by name. */
    synchronized Map<String, String> unlistedWithPrefix(String prefix) {
        Map<String, String> found = new TreeMap<>();
        byName.forEach((name, id) -> {
            if (name.startsWith(prefix)) {
                found.put(name, id);
            }
        });
        return found;
    }
}
