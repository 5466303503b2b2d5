package dev.gatehouse.proxy.balance;

import dev.gatehouse.proxy.live.LiveRouting;
import dev.gatehouse.routing.Canary;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The canary selectors of one snapshot's forwarding routes, compiled when {@link LiveRouting} is built (header patterns
 * included), so that a request only looks its route's selector up.
 */
public final class Canaries {

    private final Map<Canary, CanarySelector> selectors;

    private Canaries(Map<Canary, CanarySelector> selectors) {
        this.selectors = selectors;
    }

    public static Canaries of(RoutingSnapshot snapshot) {
        Map<Canary, CanarySelector> selectors = new IdentityHashMap<>();
        for (VirtualHost host : snapshot.virtualHosts()) {
            host.routes().forEach(route -> add(route, selectors));
        }
        add(snapshot.fallback(), selectors);
        return new Canaries(selectors);
    }

    private static void add(Route route, Map<Canary, CanarySelector> selectors) {
        if (route != null && route.action() instanceof RouteAction.Forward forward && forward.canary() != null) {
            selectors.computeIfAbsent(forward.canary(), CanarySelector::compile);
        }
    }

    /**
     * The cluster a request to {@code forward} goes to: its canary's when the canary takes it, else its own.
     *
     * @param forward the action of a route of this snapshot (its fallback included), whose canary was compiled with it
     */
    public ClusterName cluster(RouteAction.Forward forward, HttpHeaders headers) {
        return forward.canary() == null ? forward.cluster() : selectors.get(forward.canary()).cluster(headers, forward.cluster());
    }
}
