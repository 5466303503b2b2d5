package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.gateway.GatewayStatuses;
import dev.gatehouse.controller.translate.labels.LabelMaps;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.RoutingSnapshot;
import java.util.List;

/**
 * The result of one translation.
 *
 * @param snapshot  at version 0, with the proxy settings resolved (the command line's, the global ConfigMap's over
 *                  them); the publisher stamps the version
 * @param warnings  what was left out and why, sorted by object
 * @param ingresses the Ingresses of our class, sorted: those whose status carries our address
 * @param acme      the certificates our Ingresses ask ACME for, one per Secret, sorted
 * @param labelMaps marathon-lb's vhost and app maps of the label-routed ports
 * @param gateway   the status of our Gateway API objects
 */
public record Translation(RoutingSnapshot snapshot, List<Warning> warnings, List<ObjectRef> ingresses, List<AcmeRequest> acme,
                          LabelMaps labelMaps, GatewayStatuses gateway) {

    public Translation {
        warnings = warnings.stream().sorted().toList();
        ingresses = ingresses.stream().sorted().toList();
        acme = acme.stream().sorted().toList();
    }

    /** A translation without label routes. */
    public Translation(RoutingSnapshot snapshot, List<Warning> warnings, List<ObjectRef> ingresses, List<AcmeRequest> acme) {
        this(snapshot, warnings, ingresses, acme, LabelMaps.EMPTY);
    }

    /** A translation without Gateway API objects. */
    public Translation(RoutingSnapshot snapshot, List<Warning> warnings, List<ObjectRef> ingresses, List<AcmeRequest> acme,
                       LabelMaps labelMaps) {
        this(snapshot, warnings, ingresses, acme, labelMaps, GatewayStatuses.NONE);
    }
}
