package dev.gatehouse.cloudlb.reconciler;

import dev.gatehouse.cloudsdk.SdkCauses;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events on Services, as the cloud-provider service controller writes them ({@code EnsuredLoadBalancer},
 * {@code SyncLoadBalancerFailed}, ...). The same reason and message for a Service is written once per
 * {@code quiet} period, so a failure retried with backoff, or a resync, does not flood the API server.
 * Called from the reconciler's thread only.
 */
final class ServiceEvents {

    private static final Logger log = LoggerFactory.getLogger(ServiceEvents.class);
    private static final int REMEMBERED = 10_000;

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration quiet;
    private final boolean write;
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

    void warning(Service service, String reason, String message) {
        write(service, "Warning", reason, message);
    }

    private void write(Service service, String type, String reason, String message) {
        String key = service.getMetadata().getUid() + "\n" + reason + "\n" + message;
        Instant now = clock.instant();
        Instant last = written.get(key);
        if (last != null && last.plus(quiet).isAfter(now)) {
            return;
        }
        written.put(key, now);
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
