package dev.gatehouse.controller.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects of one kind that Ingresses name (auth Secrets, header ConfigMaps), each watched on its own by name (a field
 * selector on {@code metadata.name}), so that Gatehouse neither lists nor keeps the others of that kind. A watch that
 * has not listed within {@code syncBound} (its namespace's RBAC forbids it, the API server keeps failing it) stops
 * holding the rebuilds back: its object then counts as missing, which fails only the Ingresses naming it, closed, while
 * {@link #isWatching()} shows the broken watch in the source's health. Contents are never logged.
 *
 * @param <T> the kind
 */
final class NamedWatch<T extends HasMetadata> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NamedWatch.class);

    private final String kind;
    private final BiFunction<String, String, Informable<T>> byName;
    private final String apiServer;
    private final Duration syncBound;
    private final Runnable onChange;
    private final Map<String, Named<T>> watched = new HashMap<>();
    private boolean closed;

    private record Named<T extends HasMetadata>(SharedIndexInformer<T> informer, long startedNanos) {
    }

    /**
     * @param kind      what the objects are called in logs, e.g. {@code auth Secret}
     * @param byName    the objects of a namespace with a name: {@code (namespace, name) -> informable}
     * @param apiServer the API server's URL, for the log
     * @param syncBound how long a new watch may keep {@link #follow} false
     * @param onChange  called on every change of a watched object, once a new watch has listed, and once its bound ran out
     */
    NamedWatch(String kind, BiFunction<String, String, Informable<T>> byName, String apiServer, Duration syncBound,
               Runnable onChange) {
        this.kind = kind;
        this.apiServer = apiServer;
        this.byName = byName;
        this.syncBound = syncBound;
        this.onChange = onChange;
    }

    /**
     * Watches the objects {@code wanted} ({@code namespace/name}) names, and no others; true once each of them has been
     * listed or given up on for now (its bound ran out).
     */
    synchronized boolean follow(Set<String> wanted) {
        if (closed) {
            return false;
        }
        watched.entrySet().removeIf(entry -> {
            if (wanted.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().informer().close();
            return true;
        });
        for (String reference : wanted) {
            if (!watched.containsKey(reference)) {
                watched.put(reference, start(reference));
            }
        }
        long now = System.nanoTime();
        return watched.values().stream().allMatch(named -> named.informer().hasSynced()
                || now - named.startedNanos() >= syncBound.toNanos());
    }

    private Named<T> start(String reference) {
        String[] parts = reference.split("/", 2);
        SharedIndexInformer<T> informer = byName.apply(parts[0], parts[1]).runnableInformer(0);
        informer.exceptionHandler((started, error) -> {
            log.warn("watching {} {} failed, retrying: {}", kind, reference, KubeCauses.describe(error, apiServer));
            return true;
        });
        informer.addEventHandler(new OnAnyChange<>(onChange));
        long started = System.nanoTime();
        informer.start().whenComplete((listed, error) -> onChange.run());
        // a watch that never lists must not hold every other change back: rebuild without it once the bound ran out
        CompletableFuture.delayedExecutor(syncBound.toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            if (unlisted(reference, informer)) {
                log.warn("{} {} has not been listed within {}; it counts as missing until it is", kind, reference, syncBound);
                onChange.run();
            }
        });
        return new Named<>(informer, started);
    }

    /** Whether {@code informer} still watches {@code reference} and has not listed it. */
    private synchronized boolean unlisted(String reference, SharedIndexInformer<T> informer) {
        Named<T> named = watched.get(reference);
        return named != null && named.informer() == informer && !informer.hasSynced();
    }

    /** True while the watch of every followed object is open. */
    synchronized boolean isWatching() {
        return watched.values().stream().allMatch(named -> named.informer().isWatching());
    }

    /** The watched objects as the caches hold them now. */
    synchronized List<T> objects() {
        List<T> objects = new ArrayList<>();
        watched.values().forEach(named -> objects.addAll(named.informer().getStore().list()));
        return objects;
    }

    /** The cached object {@code namespace/name}, or null. */
    synchronized T find(String reference) {
        Named<T> named = watched.get(reference);
        return named == null ? null : named.informer().getStore().getByKey(reference);
    }

    @Override
    public synchronized void close() {
        closed = true;
        watched.values().forEach(named -> named.informer().close());
        watched.clear();
    }
}
