package dev.gatehouse.controller.translate.gateway;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.Route;
import java.util.List;

/**
 * One route an HTTPRoute adds to a host of the snapshot.
 *
 * @param owner      the HTTPRoute
 * @param host       the intersection of a listener's hostname and the route's
 * @param route      the path match and action of one match of one rule
 * @param isolatedTo hosts of more specific listeners this route is not given to (HTTPListenerIsolation,
 *                   {@link ListenerIsolation})
 */
public record GatewayRoute(ObjectRef owner, HostPattern host, Route route, List<HostPattern> isolatedTo) {

    public GatewayRoute(ObjectRef owner, HostPattern host, Route route) {
        this(owner, host, route, List.of());
    }

    public GatewayRoute {
        isolatedTo = List.copyOf(isolatedTo);
    }
}
