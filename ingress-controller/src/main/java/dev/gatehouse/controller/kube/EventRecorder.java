package dev.gatehouse.controller.kube;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.controller.translate.objects.Notice;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each rejected rule as a Kubernetes Event (type Warning) on the object it came from, with the
 * translator's reason and message. A warning makes an Event when it appears; while it stays, rebuilds
 * write nothing more. One that comes back within {@code quiet} of its last write writes nothing either,
 * and after that it counts up its old Event (a patch) instead of making a new one: a rebuild loop or a
 * flapping object cannot flood the API server. A {@link Notice} (a recovery) is an Event of type Normal,
 * written when it is {@linkplain #announce announced}, under the same quiet rule. Only the leader writes, on a
 * thread of its own.
 */
public final class EventRecorder implements AutoCloseable {

    static final String COMPONENT = "gatehouse";
    private static final String WARNING = "Warning";
    private static final String NORMAL = "Normal";
    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final Function<ObjectRef, Optional<HasMetadata>> lookup;
    private final BooleanSupplier leader;
    private final String instance;
    private final Duration quiet;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final Cache<Key, Written> written;
    private volatile List<Warning> latest = List.of();
    private Set<Key> present = Set.of();

    private record Key(String uid, String type, String reason, String message) {
    }

    private record Written(String namespace, String eventName, int count, Instant at) {
    }

    /**
     * @param lookup   finds the object a warning or notice is about in the informer caches
     * @param instance this replica's name, in each Event's reportingInstance
     * @param quiet    how long a warning that came back stays silent
     */
    public EventRecorder(KubernetesClient client, Function<ObjectRef, Optional<HasMetadata>> lookup, BooleanSupplier leader,
                         String instance, Duration quiet, Clock clock) {
        this(client, lookup, leader, instance, quiet, clock, Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-events");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** With the single thread that writes; it is shut down by {@link #close()}. */
    EventRecorder(KubernetesClient client, Function<ObjectRef, Optional<HasMetadata>> lookup, BooleanSupplier leader,
                  String instance, Duration quiet, Clock clock, ScheduledExecutorService executor) {
        this.client = client;
        this.lookup = lookup;
        this.leader = leader;
        this.instance = instance;
        this.quiet = quiet;
        this.clock = clock;
        this.written = Caffeine.newBuilder().expireAfterWrite(Duration.ofHours(1)).maximumSize(100_000).build();
        this.executor = executor;
    }

    /** After each translation: the warnings it produced. */
    public void record(List<Warning> warnings) {
        latest = warnings;
        executor.execute(() -> flush(warnings));
    }

    /**
     * Something that happened once (a recovery): a Normal Event now, if this replica leads. Not retried: a notice
     * that could not be written is logged, and the state it reports shows in the warnings withdrawn.
     */
    public void announce(Notice notice) {
        executor.execute(() -> {
            if (!leader.getAsBoolean()) {
                return;
            }
            lookup.apply(notice.object()).ifPresent(object -> {
                try {
                    write(new Key(object.getMetadata().getUid(), NORMAL, notice.reason(), notice.message()), object);
                } catch (KubernetesClientException e) {
                    log.warn("{}: recording event {} failed: {}", notice.object(), notice.reason(),
                            KubeCauses.describe(e, KubeCauses.apiServer(client)));
                }
            });
        });
    }

    /** This replica became the leader: report what is wrong now. */
    public void leading() {
        executor.execute(() -> flush(latest));
    }

    private void flush(List<Warning> warnings) {
        if (!leader.getAsBoolean()) {
            present = Set.of();
            return;
        }
        Set<Key> now = new HashSet<>();
        boolean failed = false;
        for (Warning warning : warnings) {
            Optional<HasMetadata> object = lookup.apply(warning.object());
            if (object.isEmpty()) {
                continue;
            }
            Key key = new Key(object.get().getMetadata().getUid(), WARNING, warning.reason(), warning.message());
            if (present.contains(key)) {
                now.add(key);
                continue;
            }
            try {
                write(key, object.get());
                now.add(key);
            } catch (KubernetesClientException e) {
                failed = true;
                log.warn("{}: recording event {} failed, will retry: {}", warning.object(), warning.reason(),
                        KubeCauses.describe(e, KubeCauses.apiServer(client)));
            }
        }
        present = now;
        if (failed) {
            executor.schedule(() -> flush(latest), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void write(Key key, HasMetadata object) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Written last = written.getIfPresent(key);
        if (last != null && last.at().plus(quiet).isAfter(now)) {
            return;
        }
        if (last != null) {
            try {
                int count = last.count() + 1;
                client.v1().events().inNamespace(last.namespace()).withName(last.eventName()).patch(
                        PatchContext.of(PatchType.JSON_MERGE),
                        new EventBuilder().withCount(count).withLastTimestamp(now.toString()).build());
                written.put(key, new Written(last.namespace(), last.eventName(), count, now));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
                // the Event expired on the API server: make a new one
            }
        }
        String namespace = object.getMetadata().getNamespace();
        Event event = new EventBuilder()
                .withNewMetadata().withGenerateName(object.getMetadata().getName() + ".").withNamespace(namespace).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(object.getApiVersion()).withKind(object.getKind())
                        .withNamespace(namespace).withName(object.getMetadata().getName())
                        .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
                        .build())
                .withType(key.type())
                .withReason(key.reason())
                .withMessage(key.message())
                .withCount(1)
                .withFirstTimestamp(now.toString())
                .withLastTimestamp(now.toString())
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent("gatehouse.dev/ingress-controller")
                .withReportingInstance(instance)
                .build();
        Event created = client.v1().events().inNamespace(namespace).resource(event).create();
        written.put(key, new Written(namespace, created.getMetadata().getName(), 1, now));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
