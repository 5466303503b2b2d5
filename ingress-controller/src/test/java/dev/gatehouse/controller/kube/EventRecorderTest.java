package dev.gatehouse.controller.kube;

import static dev.gatehouse.controller.testing.MockCluster.ingress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.controller.testing.MockCluster;
import dev.gatehouse.controller.translate.objects.Notice;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How warnings become Events: once while they stay, counted up when they come back, and only by the leader; and
 * notices, Normal Events told once.
 */
class EventRecorderTest {

    private final MockCluster cluster = MockCluster.start();
    private final KubernetesClient kube = cluster.admin();
    private final KubernetesClient client = cluster.newClient();
    private final Ingress web = kube.resource(ingress("shop", "web", "shop.example.com", "/", "web")).create();
    private final Warning warning = new Warning(ObjectRef.of(web), Warning.SERVICE_NOT_FOUND, "ingress shop/web: service \"web\" not found");
    private final AtomicBoolean leader = new AtomicBoolean(true);
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    @Test
    void a_warning_that_comes_back_after_the_quiet_time_counts_up_its_event() {
        try (EventRecorder recorder = recorder(Duration.ZERO)) {
            recorder.record(List.of(warning));
            await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);

            recorder.record(List.of());
            written();
            recorder.record(List.of(warning));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(events()).singleElement().extracting(Event::getCount).isEqualTo(2));
        }
    }

    @Test
    void a_warning_that_comes_back_within_the_quiet_time_writes_nothing() {
        try (EventRecorder recorder = recorder(Duration.ofMinutes(10))) {
            recorder.record(List.of(warning));
            await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);

            for (int i = 0; i < 10; i++) {
                recorder.record(List.of());
                written();
                recorder.record(List.of(warning));
                written();
            }
            recorder.record(List.of(new Warning(ObjectRef.of(web), Warning.INVALID_PATH, "ingress shop/web: marker")));

            await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 2);
            assertThat(events()).filteredOn(e -> e.getReason().equals(Warning.SERVICE_NOT_FOUND))
                    .singleElement().extracting(Event::getCount).isEqualTo(1);
        }
    }

    @Test
    void a_replica_that_is_not_the_leader_records_nothing_until_it_leads() {
        leader.set(false);
        try (EventRecorder recorder = recorder(Duration.ofMinutes(10))) {
            recorder.record(List.of(warning));
            recorder.record(List.of(new Warning(ObjectRef.of(web), Warning.INVALID_PATH, "ingress shop/web: marker")));
            written();
            assertThat(events()).isEmpty();

            leader.set(true);
            recorder.leading();

            await().atMost(Duration.ofSeconds(5)).until(() -> events().size() == 1);
            assertThat(events()).extracting(Event::getReason).containsExactly(Warning.INVALID_PATH);
        }
    }

    @Test
    void an_announced_notice_is_one_normal_event_and_again_within_the_quiet_time_writes_nothing() {
        Notice recovered = new Notice(ObjectRef.of(web), "DnsSyncRecovered", "ingress shop/web: records written again");
        try (EventRecorder recorder = recorder(Duration.ofMinutes(10))) {
            recorder.record(List.of(warning));
            recorder.announce(recovered);
            recorder.announce(recovered);
            written();

            assertThat(events()).extracting(Event::getType, Event::getReason, Event::getMessage, Event::getCount)
                    .containsExactlyInAnyOrder(
                            tuple("Warning", Warning.SERVICE_NOT_FOUND, warning.message(), 1),
                            tuple("Normal", "DnsSyncRecovered", "ingress shop/web: records written again", 1));
        }
    }

    @Test
    void a_replica_that_is_not_the_leader_announces_nothing() {
        leader.set(false);
        try (EventRecorder recorder = recorder(Duration.ZERO)) {
            recorder.announce(new Notice(ObjectRef.of(web), "DnsSyncRecovered", "ingress shop/web: records written again"));
            written();

            assertThat(events()).isEmpty();
        }
    }

    private EventRecorder recorder(Duration quiet) {
        return new EventRecorder(client, w -> Optional.<HasMetadata>ofNullable(
                kube.network().v1().ingresses().inNamespace("shop").withName("web").get()), leader::get, "replica-1", quiet,
                Clock.systemUTC(), writer);
    }

    /** Waits until the recorder's thread has handled everything given to it so far. */
    private void written() {
        try {
            writer.submit(() -> { }).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Event> events() {
        return kube.v1().events().inNamespace("shop").list().getItems();
    }
}
