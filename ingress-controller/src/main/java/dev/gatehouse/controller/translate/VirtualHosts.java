package dev.gatehouse.controller.translate;

import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.VirtualHost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The virtual hosts of the last translation, by what they were built from, so that a host whose claims (the very
 * objects, which a kept {@link IngressPart} hands over again) and TLS behaviour are the same is the very
 * {@link VirtualHost} of the last snapshot: building it again costs sorting its routes, and the proxy keeps what it
 * compiled for an identical host. Not thread-safe: one translation at a time.
 */
final class VirtualHosts {

    /**
     * What a virtual host is built from.
     *
     * @param claims      its claims in order, compared by identity
     * @param redirects   for each claim, whether plain HTTP is redirected to HTTPS
     * @param hsts        the HSTS header of a TLS host, or null
     * @param absolute    whether redirects to a path are answered absolute
     * @param conditional the routes that require more than a path, in order, compared by identity
     */
    record Inputs(Claim[] claims, boolean[] redirects, String hsts, boolean absolute, Route[] conditional) {

        boolean sameAs(Inputs other) {
            return other != null && absolute == other.absolute && Objects.equals(hsts, other.hsts)
                    && Arrays.equals(redirects, other.redirects) && identical(claims, other.claims)
                    && identical(conditional, other.conditional);
        }

        private static boolean identical(Object[] a, Object[] b) {
            if (a.length != b.length) {
                return false;
            }
            for (int i = 0; i < a.length; i++) {
                if (a[i] != b[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Built(Inputs inputs, VirtualHost host) {
    }

    private Map<HostPattern, Built> last = new HashMap<>();
    private Map<HostPattern, Built> next = new HashMap<>();

    /** The virtual host of {@code host}: the last translation's when built from the same inputs, else {@code build}'s. */
    VirtualHost of(HostPattern host, Inputs inputs, Function<Inputs, List<Route>> build) {
        Built known = last.get(host);
        if (known == null || !known.inputs().sameAs(inputs)) {
            known = new Built(inputs, new VirtualHost(host, new ArrayList<>(build.apply(inputs))));
        }
        next.put(host, known);
        return known.host();
    }

    /** Ends a translation: the hosts it built or kept are those the next one compares with. */
    void end() {
        last = next;
        next = new HashMap<>();
    }

    /** Starts a translation, forgetting what one that failed noted. */
    void begin() {
        next = new HashMap<>();
    }

    /** A host's routes: its claims' with the host's TLS behaviour, then those that require more than a path. */
    static List<Route> routes(Inputs inputs) {
        List<Route> routes = new ArrayList<>(inputs.claims().length + inputs.conditional().length);
        for (int i = 0; i < inputs.claims().length; i++) {
            Claim claim = inputs.claims()[i];
            routes.add(claim.label() ? claim.route() : absolute(withTls(claim, inputs.redirects()[i], inputs.hsts()), inputs.absolute()));
        }
        routes.addAll(List.of(inputs.conditional()));
        return routes;
    }

    /** The claim's route with the TLS behaviour of its host: redirect plain HTTP, HSTS over HTTPS. */
    private static Route withTls(Claim claim, boolean redirect, String hsts) {
        Route route = claim.route();
        if ((!redirect && hsts == null) || !(route.action() instanceof RouteAction.Forward forward)) {
            return route;
        }
        return new Route(route.name(), route.path(), forward.withPolicy(forward.policy().withTls(redirect, hsts)));
    }

    /** An Ingress's redirect to a path, answered absolute as nginx's {@code absolute_redirect} does unless told not to. */
    private static Route absolute(Route route, boolean absolute) {
        if (!(route.action() instanceof RouteAction.Redirect redirect) || redirect.location() == null
                || !redirect.location().startsWith("/") || redirect.absolute() == absolute) {
            return route;
        }
        return new Route(route.name(), route.path(), redirect.withAbsolute(absolute), route.priority());
    }
}
