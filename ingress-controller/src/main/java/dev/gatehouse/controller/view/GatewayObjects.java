package dev.gatehouse.controller.view;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The Gateway API objects of a view (v1 kinds only), as immutable lists; like the rest of the view, they belong to their
 * source and are never modified. Namespaces are here for the listeners' {@code allowedRoutes.namespaces.selector}.
 */
public record GatewayObjects(List<GatewayClass> gatewayClasses, List<Gateway> gateways, List<HTTPRoute> httpRoutes,
                             List<Namespace> namespaces) {

    public static final GatewayObjects NONE = new GatewayObjects(List.of(), List.of(), List.of(), List.of());

    public GatewayObjects {
        gatewayClasses = List.copyOf(gatewayClasses);
        gateways = List.copyOf(gateways);
        httpRoutes = List.copyOf(httpRoutes);
        namespaces = List.copyOf(namespaces);
    }

    /** The Gateway API objects of a mixed collection; other kinds are left out. */
    public static GatewayObjects of(Collection<? extends HasMetadata> objects) {
        List<GatewayClass> classes = new ArrayList<>();
        List<Gateway> gateways = new ArrayList<>();
        List<HTTPRoute> routes = new ArrayList<>();
        List<Namespace> namespaces = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof GatewayClass gatewayClass) {
                classes.add(gatewayClass);
            } else if (object instanceof Gateway gateway) {
                gateways.add(gateway);
            } else if (object instanceof HTTPRoute route) {
                routes.add(route);
            } else if (object instanceof Namespace namespace) {
                namespaces.add(namespace);
            }
        }
        return new GatewayObjects(classes, gateways, routes, namespaces);
    }

    /** These objects with the other's added. */
    GatewayObjects plus(GatewayObjects other) {
        if (other.equals(NONE)) {
            return this;
        }
        List<HasMetadata> all = new ArrayList<>(gatewayClasses);
        all.addAll(gateways);
        all.addAll(httpRoutes);
        all.addAll(other.gatewayClasses);
        all.addAll(other.gateways);
        all.addAll(namespaces);
        all.addAll(other.httpRoutes);
        all.addAll(other.namespaces);
        return of(all);
    }
}
