package dev.gatehouse.cloudlb.reconciler;

import io.fabric8.kubernetes.api.model.Service;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Per Service, its failures in a row and when it is tried again, so one failing Service waits without holding
 * up the others. A Service that changed since it failed (another resourceVersion) is tried at once: the change
 * may be its fix.
 */
final class Backoff {

    private final IntFunction<Duration> retryDelay;
    private final Map<String, Failure> failures = new HashMap<>();

    private record Failure(int count, Instant retryAt, String resourceVersion) {
    }

    /** One more failure: the how-many-th in a row, the wait before the next attempt and its time. */
    record Retry(int attempt, Duration delay, Instant at) {
    }

    /** @param retryDelay the wait after the n-th failure in a row */
    Backoff(IntFunction<Duration> retryDelay) {
        this.retryDelay = retryDelay;
    }

    /** When the Service is next due, if it is still waiting at {@code now}. */
    Optional<Instant> waiting(Service service, Instant now) {
        Failure failed = failures.get(service.getMetadata().getUid());
        if (failed == null || !failed.resourceVersion().equals(service.getMetadata().getResourceVersion())
                || !now.isBefore(failed.retryAt())) {
            return Optional.empty();
        }
        return Optional.of(failed.retryAt());
    }

    Retry failed(Service service, Instant now) {
        Failure previous = failures.get(service.getMetadata().getUid());
        int count = previous == null ? 1 : previous.count() + 1;
        Duration wait = retryDelay.apply(count);
        Instant at = now.plus(wait);
        failures.put(service.getMetadata().getUid(), new Failure(count, at,
                String.valueOf(service.getMetadata().getResourceVersion())));
        return new Retry(count, wait, at);
    }

    void succeeded(String uid) {
        failures.remove(uid);
    }

    /** Forgets the Services that are gone. */
    void retain(Set<String> uids) {
        failures.keySet().retainAll(uids);
    }
}
