package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudsdk.FailureReports;
import dev.gatehouse.cloudsdk.SdkCauses;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on Services, as the cloud-provider service controller writes them ({@code EnsuredLoadBalancer},
 * {@code SyncLoadBalancerFailed}, ...). A failure is a Warning once, when it starts or differs from the one before
 * ({@link FailureReports}), not on each retry; the pass that then goes through writes one
 * {@value #RECOVERED}. Other Events with the same reason and message for a Service are written once per
 * {@code quiet} period, so a resync does not flood the API server. Called from the reconciler's thread only.
 */
final class ServiceEvents {

    private static final Logger log = LoggerFactory.getLogger(ServiceEvents.class);
    private static final int REMEMBERED = 10_000;
    static final String RECOVERED = "SyncLoadBalancerRecovered";

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration quiet;
    private final boolean write;
    private final FailureReports failures = new FailureReports();
    private final Map<String, Instant> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param write false in a dry run: events are logged and not written */
    ServiceEvents(KubernetesClient client, Clock clock, Duration quiet, boolean write) {
        this.client = client;
        this.clock = clock;
        this.quiet = quiet;
        this.write = write;
    }

    void normal(Service service, String reason, String message) {
        write(service, "Normal", reason, message);
    }

    /** A failed attempt: a Warning if the failure is news for the Service, else nothing (the retry is counted). */
    void failed(Service service, String reason, String message) {
        if (failures.failed(service.getMetadata().getUid(), reason, message)) {
            send(service, "Warning", reason, message, clock.instant());
        }
    }

    /** An attempt that went through: one {@value #RECOVERED} if the Service was failing. */
    void succeeded(Service service, String provider) {
        if (failures.recovered(service.getMetadata().getUid())) {
            send(service, "Normal", RECOVERED, provider + " load balancer in sync again", clock.instant());
        }
    }

    /** Forgets the failures of Services that are gone. */
    void retain(Collection<String> uids) {
        failures.retain(uids);
    }

    private void write(Service service, String type, String reason, String message) {
        String key = service.getMetadata().getUid() + "\n" + reason + "\n" + message;
        Instant now = clock.instant();
        Instant last = written.get(key);
        if (last != null && last.plus(quiet).isAfter(now)) {
            return;
        }
        written.put(key, now);
        send(service, type, reason, message, now);
    }

    private void send(Service service, String type, String reason, String message, Instant now) {
        (type.equals("Warning") ? log.atWarn() : log.atInfo()).log("service {}/{}: {}: {}",
                service.getMetadata().getNamespace(), service.getMetadata().getName(), reason, message);
        String namespace = service.getMetadata().getNamespace();
        if (!write) {
            return;
        }
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(namespace)
                    .withName(service.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion("v1").withKind("Service")
                            .withNamespace(namespace).withName(service.getMetadata().getName())
                            .withUid(service.getMetadata().getUid()).build())
                    .withType(type).withReason(reason).withMessage(message)
                    .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                    .withNewSource().withComponent("gatehouse-load-balancer").endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            log.warn("writing event {} on service {}/{} failed: {}", reason, namespace,
                    service.getMetadata().getName(), SdkCauses.describe(e));
        }
    }
}
