package dev.gatehouse.cloud.fake.aws;

import java.util.HashMap;
import java.util.Map;

/**
 * AWS's eventual consistency as the fakes show it: a resource just created is missing from the next describe
 * calls that would list it (this many of them), though calls that name it by its ARN or id already work. Off
 * (lag 0) unless a test turns it on.
 */
public final class EventualConsistency {

    private final Map<String, Integer> hidden = new HashMap<>();
    private int lag;

    public synchronized void lag(int describes) {
        this.lag = describes;
    }

    public synchronized void created(String id) {
        if (lag > 0) {
            hidden.put(id, lag);
        }
    }

    /** Whether a describe that would list the resource shows it; each such describe brings it closer. */
    public synchronized boolean shows(String id) {
        Integer left = hidden.get(id);
        if (left == null) {
            return true;
        }
        if (left <= 1) {
            hidden.remove(id);
        } else {
            hidden.put(id, left - 1);
        }
        return false;
    }
}
