package dev.gatehouse.controller.view;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayClass;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ReferenceGrant;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.TCPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.UDPRoute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The Gateway API objects of a view (v1 kinds, TCPRoutes and UDPRoutes among them, and ReferenceGrants of v1 and v1beta1), as immutable lists; like the rest
 * of the view, they belong to their source and are never modified. Namespaces are here for the listeners'
 * {@code allowedRoutes.namespaces.selector}; {@code crds} says which Gateway API versions the cluster's CRDs are of.
 */
public record GatewayObjects(List<GatewayClass> gatewayClasses, List<Gateway> gateways, List<HTTPRoute> httpRoutes,
                             List<ReferenceGrant> referenceGrants, List<Namespace> namespaces, GatewayCrds crds,
                             List<TCPRoute> tcpRoutes, List<UDPRoute> udpRoutes) {

    public static final GatewayObjects NONE = new GatewayObjects(List.of(), List.of(), List.of(), List.of(), List.of(),
            GatewayCrds.NOT_A_CLUSTER);

    public GatewayObjects {
        gatewayClasses = List.copyOf(gatewayClasses);
        gateways = List.copyOf(gateways);
        httpRoutes = List.copyOf(httpRoutes);
        referenceGrants = List.copyOf(referenceGrants);
        namespaces = List.copyOf(namespaces);
        tcpRoutes = List.copyOf(tcpRoutes);
        udpRoutes = List.copyOf(udpRoutes);
        if (crds == null) {
            throw new IllegalArgumentException("Gateway API objects need their CRDs' versions (GatewayCrds.NOT_A_CLUSTER for none)");
        }
    }

    /** Without TCPRoutes and UDPRoutes. */
    public GatewayObjects(List<GatewayClass> gatewayClasses, List<Gateway> gateways, List<HTTPRoute> httpRoutes,
                          List<ReferenceGrant> referenceGrants, List<Namespace> namespaces, GatewayCrds crds) {
        this(gatewayClasses, gateways, httpRoutes, referenceGrants, namespaces, crds, List.of(), List.of());
    }

    /** The same objects, read from CRDs of these versions. */
    public GatewayObjects withCrds(GatewayCrds read) {
        return new GatewayObjects(gatewayClasses, gateways, httpRoutes, referenceGrants, namespaces, read, tcpRoutes, udpRoutes);
    }

    /** The Gateway API objects of a mixed collection (a directory of manifests, a test's objects); other kinds are left out. */
    public static GatewayObjects of(Collection<? extends HasMetadata> objects) {
        List<GatewayClass> classes = new ArrayList<>();
        List<Gateway> gateways = new ArrayList<>();
        List<HTTPRoute> routes = new ArrayList<>();
        List<ReferenceGrant> grants = new ArrayList<>();
        List<Namespace> namespaces = new ArrayList<>();
        List<TCPRoute> tcpRoutes = new ArrayList<>();
        List<UDPRoute> udpRoutes = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof GatewayClass gatewayClass) {
                classes.add(gatewayClass);
            } else if (object instanceof Gateway gateway) {
                gateways.add(gateway);
            } else if (object instanceof HTTPRoute route) {
                routes.add(route);
            } else if (object instanceof ReferenceGrant grant) {
                grants.add(grant);
            } else if (object instanceof io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant grant) {
                grants.add(v1(grant));
            } else if (object instanceof Namespace namespace) {
                namespaces.add(namespace);
            } else if (object instanceof TCPRoute route) {
                tcpRoutes.add(route);
            } else if (object instanceof UDPRoute route) {
                udpRoutes.add(route);
            }
        }
        return new GatewayObjects(classes, gateways, routes, grants, namespaces, GatewayCrds.NOT_A_CLUSTER, tcpRoutes, udpRoutes);
    }

    /** A v1beta1 ReferenceGrant as the v1 one it is the same object as (the two versions share their schema). */
    public static ReferenceGrant v1(io.fabric8.kubernetes.api.model.gatewayapi.v1beta1.ReferenceGrant grant) {
        return new ReferenceGrant("gateway.networking.k8s.io/v1", "ReferenceGrant", grant.getMetadata(), grant.getSpec());
    }

    /** These objects with the other's added. */
    GatewayObjects plus(GatewayObjects other) {
        if (other.equals(NONE)) {
            return this;
        }
        return new GatewayObjects(concat(gatewayClasses, other.gatewayClasses), concat(gateways, other.gateways),
                concat(httpRoutes, other.httpRoutes), concat(referenceGrants, other.referenceGrants), concat(namespaces, other.namespaces),
                crds.equals(GatewayCrds.NOT_A_CLUSTER) ? other.crds : crds, concat(tcpRoutes, other.tcpRoutes),
                concat(udpRoutes, other.udpRoutes));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
