package dev.gatehouse.proxy.live;

import dev.gatehouse.proxy.ProxySettings;
import dev.gatehouse.proxy.filter.RateLimiters;
import dev.gatehouse.proxy.filter.RouteFilters;
import dev.gatehouse.proxy.observe.ProxyMetrics;
import dev.gatehouse.proxy.observe.RouteStats;
import dev.gatehouse.routing.RequestFilters;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.VirtualHost;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link RouteRuntime} of each route of one routing. Stats are kept per virtual host and route name from one
 * routing to the next, and dropped (their series removed) once no route of that host and name is left. When the
 * proxy's defaults are those of the previous routing, a virtual host that is the very object of the previous snapshot
 * keeps its routes' runtimes as they were without looking at them again, since a translation that did not change a host
 * hands over the same object: only the hosts that came or went are compiled, so the cost of a new routing follows what
 * changed in it.
 */
final class RouteTable {

    private static final String FALLBACK_HOST = "*";

    private final IdentityHashMap<Route, RouteRuntime> routes;
    private final Map<String, RouteStats> statsByLabel;
    private final Map<RequestFilters, RouteFilters> filtersByModel;
    private final RequestPolicy defaults;
    private RateLimiters limiters;

    private RouteTable(IdentityHashMap<Route, RouteRuntime> routes, Map<String, RouteStats> statsByLabel,
                       Map<RequestFilters, RouteFilters> filtersByModel, RequestPolicy defaults) {
        this.routes = routes;
        this.statsByLabel = statsByLabel;
        this.filtersByModel = filtersByModel;
        this.defaults = defaults;
    }

    /**
     * The runtimes of {@code snapshot}'s routes, from those of the previous routing where they carry over; the stats of
     * routes that are gone are removed.
     *
     * @param previousSnapshot the previous routing's snapshot, or null
     * @param before           the previous routing's table, or null
     */
    @SuppressWarnings("unchecked")
    static RouteTable build(RoutingSnapshot snapshot, RoutingSnapshot previousSnapshot, RouteTable before, ProxyMetrics metrics,
                            ProxySettings settings) {
        Map<RequestFilters, RouteFilters> filters = new HashMap<>();
        RouteCompiler compiler = before == null ? new RouteCompiler(settings, Map.of(), null, filters)
                : new RouteCompiler(settings, before.filtersByModel, before.limiters, filters);
        List<VirtualHost> added = new ArrayList<>();
        IdentityHashMap<VirtualHost, Boolean> kept = new IdentityHashMap<>();
        List<Map.Entry<String, RouteStats>> dropped = new ArrayList<>();
        RouteTable next;
        if (before == null || !before.defaults.equals(compiler.defaults())) {
            next = new RouteTable(new IdentityHashMap<>(), new HashMap<>(), filters, compiler.defaults());
            added.addAll(snapshot.virtualHosts());
            if (before != null) {
                before.statsByLabel.forEach((label, stats) -> dropped.add(Map.entry(label, stats)));
            }
        } else {
            IdentityHashMap<VirtualHost, Boolean> old = new IdentityHashMap<>();
            previousSnapshot.virtualHosts().forEach(host -> old.put(host, Boolean.TRUE));
            for (VirtualHost host : snapshot.virtualHosts()) {
                if (old.remove(host) != null) {
                    kept.put(host, Boolean.TRUE);
                } else {
                    added.add(host);
                }
            }
            next = new RouteTable((IdentityHashMap<Route, RouteRuntime>) before.routes.clone(), new HashMap<>(before.statsByLabel),
                    filters, compiler.defaults());
            // what is gone: the hosts of the previous snapshot not in this one, and its fallback
            old.keySet().forEach(host -> host.routes().forEach(route -> next.drop(host.host().toString(), route, dropped)));
            next.drop(FALLBACK_HOST, previousSnapshot.fallback(), dropped);
        }
        for (VirtualHost host : added) {
            String name = host.host().toString();
            host.routes().forEach(route -> next.add(name, route, before, metrics, compiler));
        }
        // an Ingress's spec.defaultBackend carries that Ingress's filters: its access control and limits hold there too
        next.add(FALLBACK_HOST, snapshot.fallback(), before, metrics, compiler);
        kept.keySet().forEach(host -> host.routes().forEach(route -> {
            RouteRuntime runtime = next.routes.get(route);
            if (runtime == null) {
                // a route object a kept host shares with a host that went (or with the old fallback) lost its entry above
                next.add(host.host().toString(), route, before, metrics, compiler);
            } else {
                compiler.keep(route, runtime);
            }
        }));
        next.limiters = compiler.limiters();
        dropped.forEach(entry -> {
            if (next.statsByLabel.get(entry.getKey()) != entry.getValue()) {
                entry.getValue().remove();
            }
        });
        return next;
    }

    RouteRuntime route(Route route) {
        return routes.get(route);
    }

    private void drop(String host, Route route, List<Map.Entry<String, RouteStats>> dropped) {
        routes.remove(route);
        String label = host + "\n" + route.name();
        RouteStats gone = statsByLabel.remove(label);
        if (gone != null) {
            dropped.add(Map.entry(label, gone));
        }
    }

    private void add(String host, Route route, RouteTable before, ProxyMetrics metrics, RouteCompiler compiler) {
        String label = host + "\n" + route.name();
        RouteStats found = statsByLabel.get(label);
        if (found == null && before != null) {
            found = before.statsByLabel.get(label);
        }
        if (found == null) {
            found = new RouteStats(metrics.requests, host, route.name());
        }
        statsByLabel.put(label, found);
        routes.put(route, compiler.compile(route, found));
    }
}
