package dev.gatehouse.controller.runtime;

import dev.gatehouse.controller.kube.Leadership;
import dev.gatehouse.controller.translate.TranslatorSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How Gatehouse runs against a Kubernetes API server.
 *
 * @param translator        which Ingresses are ours
 * @param namespaces        the namespaces to watch, empty for all
 * @param publishService    {@code namespace/name} of the Service whose address our Ingresses' status publishes, if any
 * @param publishAddresses  fixed IPs and hostnames to publish instead (empty when publishService is used)
 * @param leaseNamespace    where the leader election Lease lives
 * @param leaseName         its name
 * @param identity          this replica's name in the Lease and in Events
 * @param election          Lease timing
 * @param holdOff           least time between the end of one rebuild and the start of the next
 * @param maxHoldOff        widest that gap grows to while changes keep coming
 */
public record ClusterSettings(TranslatorSettings translator, Set<String> namespaces, Optional<String> publishService,
                              List<String> publishAddresses, String leaseNamespace, String leaseName, String identity,
                              Leadership.Timing election, Duration holdOff, Duration maxHoldOff) {

    public ClusterSettings {
        namespaces = Set.copyOf(namespaces);
        publishAddresses = List.copyOf(publishAddresses);
        if (publishService.isPresent() && !publishAddresses.isEmpty()) {
            throw new IllegalArgumentException("publish either a Service's address or fixed addresses, not both");
        }
    }
}
