package dev.gatehouse.controller.view;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Everything one translation reads, as immutable lists. The objects themselves belong to their source
 * (an informer cache, a parse of the manifest directory, or the Marathon source) and are never modified.
 */
public record ClusterView(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                          List<EndpointSlice> endpointSlices, List<Endpoints> endpoints, List<Secret> secrets,
                          List<ConfigMap> configMaps, List<MarathonApp> marathonApps, GatewayObjects gateway) {

    /** A view without Gateway API objects. */
    public ClusterView(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                       List<EndpointSlice> endpointSlices, List<Endpoints> endpoints, List<Secret> secrets, List<ConfigMap> configMaps,
                       List<MarathonApp> marathonApps) {
        this(ingresses, ingressClasses, services, endpointSlices, endpoints, secrets, configMaps, marathonApps, GatewayObjects.NONE);
    }

    /** A view of Kubernetes objects only. */
    public ClusterView(List<Ingress> ingresses, List<IngressClass> ingressClasses, List<Service> services,
                       List<EndpointSlice> endpointSlices, List<Endpoints> endpoints, List<Secret> secrets, List<ConfigMap> configMaps) {
        this(ingresses, ingressClasses, services, endpointSlices, endpoints, secrets, configMaps, List.of());
    }

    public ClusterView {
        ingresses = List.copyOf(ingresses);
        ingressClasses = List.copyOf(ingressClasses);
        services = List.copyOf(services);
        endpointSlices = List.copyOf(endpointSlices);
        endpoints = List.copyOf(endpoints);
        secrets = List.copyOf(secrets);
        configMaps = List.copyOf(configMaps);
        marathonApps = List.copyOf(marathonApps);
        if (gateway == null) {
            throw new IllegalArgumentException("a view needs its Gateway API objects (GatewayObjects.NONE for none)");
        }
    }

    /** This view with these Marathon apps instead of its own. */
    public ClusterView withMarathonApps(List<MarathonApp> apps) {
        return new ClusterView(ingresses, ingressClasses, services, endpointSlices, endpoints, secrets, configMaps, apps, gateway);
    }

    /** This view with these Gateway API objects instead of its own. */
    public ClusterView withGateway(GatewayObjects objects) {
        return new ClusterView(ingresses, ingressClasses, services, endpointSlices, endpoints, secrets, configMaps, marathonApps, objects);
    }

    /** This view with the other's objects added. */
    public ClusterView plus(ClusterView other) {
        return new ClusterView(concat(ingresses, other.ingresses), concat(ingressClasses, other.ingressClasses),
                concat(services, other.services), concat(endpointSlices, other.endpointSlices), concat(endpoints, other.endpoints),
                concat(secrets, other.secrets), concat(configMaps, other.configMaps), concat(marathonApps, other.marathonApps), gateway.plus(other.gateway));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        List<T> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    public static ClusterView empty() {
        return of(List.of());
    }

    /** Sorts a mixed collection by kind; kinds the translators do not read are left out. */
    public static ClusterView of(Collection<? extends HasMetadata> objects) {
        List<Ingress> ingresses = new ArrayList<>();
        List<IngressClass> classes = new ArrayList<>();
        List<Service> services = new ArrayList<>();
        List<EndpointSlice> slices = new ArrayList<>();
        List<Endpoints> endpoints = new ArrayList<>();
        List<Secret> secrets = new ArrayList<>();
        List<ConfigMap> configMaps = new ArrayList<>();
        List<HasMetadata> gatewayObjects = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof Ingress ingress) {
                ingresses.add(ingress);
            } else if (object instanceof IngressClass ingressClass) {
                classes.add(ingressClass);
            } else if (object instanceof Service service) {
                services.add(service);
            } else if (object instanceof EndpointSlice slice) {
                slices.add(slice);
            } else if (object instanceof Endpoints endpoint) {
                endpoints.add(endpoint);
            } else if (object instanceof Secret secret) {
                secrets.add(secret);
            } else if (object instanceof ConfigMap configMap) {
                configMaps.add(configMap);
            } else {
                gatewayObjects.add(object);
            }
        }
        return new ClusterView(ingresses, classes, services, slices, endpoints, secrets, configMaps, List.of(),
                GatewayObjects.of(gatewayObjects));
    }
}
