package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.annotations.Backends;
import dev.gatehouse.controller.translate.annotations.UpstreamAnnotations;
import dev.gatehouse.controller.translate.labels.LabelKeys;
import dev.gatehouse.controller.translate.labels.LabelPolicies;
import dev.gatehouse.controller.translate.labels.ServiceClusters;
import dev.gatehouse.controller.translate.objects.Metadata;
import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.controller.view.ClusterView;
import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.LoadBalancing;
import dev.gatehouse.routing.UpstreamTls;
import dev.gatehouse.routing.SessionAffinity;
import dev.gatehouse.routing.UpstreamProtocol;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointConditions;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressServiceBackend;
import io.fabric8.kubernetes.api.model.networking.v1.ServiceBackendPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves a service backend to a cluster: the Service, the Service port (by number or name), then the
 * ready endpoints of that port from the EndpointSlices labelled {@code kubernetes.io/service-name}, or
 * from the Endpoints object when the Service has no slices. ExternalName Services resolve to their name.
 *
 * <p>A backend that names a missing Service or port still gets a cluster, an empty one, so its route
 * answers 503 rather than falling through to another route; the problem is reported as a warning.
 *
 * <p>An Ingress's {@link UpstreamAnnotations} overlay the policy of the clusters it routes to, as ingress-nginx's
 * annotations shape its upstream {@code namespace-service-port}: Ingresses come oldest first, and the first one
 * that sets them holds them; a newer one that sets them differently is reported and routes to the cluster as held.
 */
final class BackendResolver implements Backends, ServiceClusters {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    // by namespace, then name: the strings come from the objects, so their hashes are computed once
    private final Map<String, Map<String, Service>> services = new HashMap<>();
    private final Map<String, List<EndpointSlice>> slicesByService;
    private final Map<String, Endpoints> endpoints = new HashMap<>();
    private final Map<String, Secret> secrets = new HashMap<>();
    // resolved once per path of every Ingress in each translation: hashed, the snapshot sorts them once
    private final Map<ClusterName, Cluster> clusters = new HashMap<>();
    private final Map<ClusterName, Resolved> resolved = new HashMap<>();
    private final Map<ClusterName, Holder> holders = new HashMap<>();
    private final Set<String> conflictsReported = new HashSet<>();
    private LoadBalancing defaultLoadBalancing = LoadBalancing.ROUND_ROBIN;
    private final List<Warning> warnings;

    BackendResolver(ClusterView view, List<Warning> warnings) {
        this.warnings = warnings;
        for (Service service : view.services()) {
            services.computeIfAbsent(Metadata.namespace(service), n -> new HashMap<>()).put(service.getMetadata().getName(), service);
        }
        slicesByService = Metadata.byAge(view.endpointSlices().stream()
                .filter(slice -> slice.getMetadata().getLabels() != null
                        && slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL) != null)
                .toList()).stream()
                .collect(Collectors.groupingBy(slice -> key(Metadata.namespace(slice),
                        slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL))));
        for (Secret secret : view.secrets()) {
            secrets.put(key(Metadata.namespace(secret), secret.getMetadata().getName()), secret);
        }
        for (Endpoints endpoint : view.endpoints()) {
            endpoints.put(key(Metadata.namespace(endpoint), endpoint.getMetadata().getName()), endpoint);
        }
    }

    /** The Service {@code namespace/name} of the view, or null: for annotations that name a Service without a port. */
    @Override
    public Service service(String namespace, String name) {
        return services.getOrDefault(namespace, Map.of()).get(name);
    }

    /**
     * The global ConfigMap's {@code load-balance}: the method of clusters whose Service picks none (resolved from now on).
     *
     * @param name {@code round_robin}, {@code ewma}, or null for the built-in round robin
     */
    void defaultLoadBalancing(String name) {
        LoadBalancing method = name == null ? null : UpstreamAnnotations.loadBalancing(name);
        defaultLoadBalancing = method == null ? LoadBalancing.ROUND_ROBIN : method;
    }

    /** Every cluster resolved so far, in no particular order. */
    List<Cluster> clusters() {
        return List.copyOf(clusters.values());
    }

    /** The cluster of that name resolved so far, or null. */
    Cluster cluster(ClusterName name) {
        return clusters.get(name);
    }

    /** Forgets a cluster no backend names any more, so that the next resolution of it makes it again, reporting as then. */
    void forget(ClusterName name) {
        clusters.remove(name);
        resolved.remove(name);
        holders.remove(name);
    }

    /** The cluster of a backend, shaped by the upstream annotations of the Ingress that names it. */
    ClusterName resolve(ObjectRef owner, String field, String namespace, IngressBackend backend, UpstreamAnnotations upstream) {
        if (backend == null || (backend.getService() == null && backend.getResource() == null)) {
            warnings.add(new Warning(owner, Warning.INVALID_BACKEND, owner + ": " + field
                    + " is missing (expected service.name and service.port)"));
            return null;
        }
        if (backend.getResource() != null) {
            warnings.add(new Warning(owner, Warning.UNSUPPORTED_BACKEND, owner + ": " + field + ".resource: resource backend "
                    + backend.getResource().getKind() + " \"" + backend.getResource().getName()
                    + "\" is not supported (expected a service backend)"));
            return null;
        }
        return resolve(owner, field, namespace, backend.getService(), upstream);
    }

    /**
     * The cluster {@link #resolve(ObjectRef, String, String, IngressBackend, UpstreamAnnotations)} names for the backend,
     * with nothing resolved and nothing reported: null where it returns null. It depends on the backend and on the
     * Service it names alone, so a translation may keep it for as long as that Service does not change.
     */
    ClusterName nameOf(String namespace, IngressBackend backend) {
        if (backend == null || backend.getService() == null || backend.getResource() != null) {
            return null;
        }
        return nameOf(namespace, backend.getService());
    }

    /** As {@link #nameOf(String, IngressBackend)}, for a Service backend. */
    ClusterName nameOf(String namespace, IngressServiceBackend backend) {
        String name = backend.getName();
        ServiceBackendPort port = backend.getPort();
        boolean hasNumber = port != null && port.getNumber() != null && port.getNumber() > 0;
        boolean hasName = port != null && port.getName() != null && !port.getName().isEmpty();
        if (name == null || name.isEmpty() || (!hasNumber && !hasName)) {
            return null;
        }
        String wanted = hasNumber ? port.getNumber().toString() : port.getName();
        Service service = service(namespace, name);
        ServicePort servicePort = service == null ? null : servicePort(service, hasNumber ? port.getNumber() : null,
                hasName ? port.getName() : null);
        return new ClusterName(namespace, name, servicePort == null ? wanted : Integer.toString(servicePort.getPort()));
    }

    /**
     * @param owner     the Ingress that names the backend
     * @param field     where, e.g. {@code spec.rules[0].http.paths[1].backend}
     * @param namespace the Ingress's namespace, where the Service must be
     * @return the cluster, or null when the backend is too incomplete to name one (reported)
     */
    @Override
    public ClusterName resolve(ObjectRef owner, String field, String namespace, IngressServiceBackend backend) {
        return resolve(owner, field, namespace, backend, UpstreamAnnotations.NONE);
    }

    /** As {@link #resolve(ObjectRef, String, String, IngressServiceBackend)}, the cluster shaped by the owner's annotations. */
    ClusterName resolve(ObjectRef owner, String field, String namespace, IngressServiceBackend backend, UpstreamAnnotations upstream) {
        String name = backend.getName();
        ServiceBackendPort port = backend.getPort();
        if (name == null || name.isEmpty()) {
            warn(owner, Warning.INVALID_BACKEND, field + ".service.name is missing (expected the name of a Service)");
            return null;
        }
        boolean hasNumber = port != null && port.getNumber() != null && port.getNumber() > 0;
        boolean hasName = port != null && port.getName() != null && !port.getName().isEmpty();
        if (!hasNumber && !hasName) {
            warn(owner, Warning.INVALID_BACKEND, field + ".service.port is missing (expected a port number or a port name)");
            return null;
        }
        String wanted = hasNumber ? port.getNumber().toString() : port.getName();
        Service service = services.getOrDefault(namespace, Map.of()).get(name);
        if (service == null) {
            warn(owner, Warning.SERVICE_NOT_FOUND, field + ".service.name: service \"" + name + "\" not found in namespace "
                    + namespace + " (expected an existing Service; requests to this backend are answered 503)");
            return empty(new ClusterName(namespace, name, wanted));
        }
        ServicePort servicePort = servicePort(service, hasNumber ? port.getNumber() : null, hasName ? port.getName() : null);
        if (servicePort == null) {
            warn(owner, Warning.SERVICE_PORT_NOT_FOUND, field + ".service.port: service " + namespace + "/" + name
                    + " has no port " + (hasNumber ? wanted : "named \"" + wanted + "\"") + " (expected one of "
                    + describePorts(service) + "; requests to this backend are answered 503)");
            return empty(new ClusterName(namespace, name, wanted));
        }
        ClusterName cluster = new ClusterName(namespace, name, Integer.toString(servicePort.getPort()));
        if (!clusters.containsKey(cluster)) {
            ClusterPolicy policy = ClusterPolicies.of(service, servicePort, secrets::get, warnings);
            if (policy.loadBalancing().equals(LoadBalancing.ROUND_ROBIN)) {
                policy = policy.withLoadBalancing(defaultLoadBalancing);
            }
            Resolved base = new Resolved(service, servicePort, withHealthPorts(owner, service, servicePort,
                    endpoints(owner, service, servicePort)), policy);
            resolved.put(cluster, base);
            clusters.put(cluster, new Cluster(cluster, base.endpoints(), base.policy()));
        }
        if (upstream.shapesClusters() && resolved.containsKey(cluster)) {
            shape(owner, cluster, upstream);
        }
        return cluster;
    }

    /**
     * Speaks h2c to a resolved Service port whose {@code appProtocol} asks for neither HTTP/2 nor TLS: a GRPCRoute's
     * backends speak gRPC, which is HTTP/2 only. It holds the cluster as an Ingress's {@code backend-protocol: H2C} would.
     */
    void speakH2c(ObjectRef owner, ClusterName name) {
        Cluster cluster = clusters.get(name);
        if (resolved.containsKey(name) && cluster.policy().protocol() == UpstreamProtocol.HTTP1 && cluster.policy().tls() == null) {
            shape(owner, name, new UpstreamAnnotations(UpstreamAnnotations.BackendProtocol.H2C, null, null, false, null));
        }
    }

    /** Gives a resolved Service port cookie affinity, held as an Ingress's session cookie annotations would hold it. */
    void persist(ObjectRef owner, ClusterName name, SessionAffinity affinity) {
        if (resolved.containsKey(name)) {
            shape(owner, name, new UpstreamAnnotations(null, null, affinity, false, null));
        }
    }

    private void shape(ObjectRef owner, ClusterName name, UpstreamAnnotations upstream) {
        Holder holder = holders.get(name);
        if (holder == null) {
            holders.put(name, new Holder(owner, upstream));
            Resolved base = resolved.get(name);
            List<Endpoint> endpoints = upstream.serviceUpstream() ? serviceUpstream(owner, base) : base.endpoints();
            clusters.put(name, new Cluster(name, endpoints,
                    ClusterPolicies.overlay(base.policy(), upstream, base.service(), secrets::get, warnings)));
        } else if (!holder.owner().equals(owner) && !holder.upstream().sameClusterSettings(upstream)
                && conflictsReported.add(owner + " " + name)) {
            warn(owner, Warning.UPSTREAM_CONFLICT, "the upstream annotations for service " + name + " are ignored: "
                    + holder.owner() + ", which is older, already sets them differently (expected the same backend-protocol, "
                    + "load-balance, upstream-hash-by, affinity and service-upstream in every Ingress of a Service port; the "
                    + "oldest wins)");
        }
    }

    /**
     * Where copies of requests to a resolved cluster go (Gateway API's RequestMirror), as {@code host:port}: the Service's
     * cluster IP, which kube-proxy balances, else (a headless Service, or manifests served standalone, whose Services have
     * none) its first endpoint; null when it has neither.
     */
    String mirrorAuthority(ClusterName cluster) {
        Resolved base = resolved.get(cluster);
        if (base == null) {
            return null;
        }
        String clusterIp = base.service().getSpec().getClusterIP();
        if (clusterIp != null && !clusterIp.isEmpty() && !clusterIp.equals("None")) {
            return authority(clusterIp, base.port().getPort());
        }
        return base.endpoints().isEmpty() ? null : authority(base.endpoints().get(0).address(), base.endpoints().get(0).port());
    }

    private static String authority(String address, int port) {
        return (address.contains(":") ? "[" + address + "]" : address) + ":" + port;
    }

    /** service-upstream: the Service's cluster IP and port, for kube-proxy (or a mesh) to balance; ExternalName as it is. */
    private List<Endpoint> serviceUpstream(ObjectRef owner, Resolved base) {
        String type = base.service().getSpec().getType();
        if ("ExternalName".equals(type)) {
            return base.endpoints();
        }
        String clusterIp = base.service().getSpec().getClusterIP();
        if (clusterIp == null || clusterIp.isEmpty() || clusterIp.equals("None")) {
            warn(owner, Warning.INVALID_ANNOTATION, "service-upstream: service " + Metadata.namespace(base.service()) + "/"
                    + base.service().getMetadata().getName() + " has no cluster IP (expected a Service that is not headless); "
                    + "its endpoints are used");
            return base.endpoints();
        }
        return List.of(Endpoint.of(clusterIp, base.port().getPort()));
    }

    /**
     * The endpoints with the health-check port of {@code HAPROXY_{n}_BACKEND_HEALTHCHECK_PORT_INDEX}: each
     * endpoint's port of the Service port at that index, found by the endpoint's address.
     */
    private List<Endpoint> withHealthPorts(ObjectRef owner, Service service, ServicePort servicePort, List<Endpoint> endpoints) {
        List<ServicePort> ports = service.getSpec().getPorts();
        int index = ports.indexOf(servicePort);
        Map<String, String> keys = LabelKeys.of(service);
        if (index < 0 || LabelKeys.find(keys, index, "BACKEND_HEALTHCHECK_PORT_INDEX") == null) {
            return endpoints;
        }
        Integer healthIndex = LabelPolicies.healthCheckPortIndex(ObjectRef.of(service), keys, index, ports.size(), warnings);
        if (healthIndex == null || healthIndex == index) {
            return endpoints;
        }
        Map<String, Integer> healthPorts = new HashMap<>();
        endpoints(owner, service, ports.get(healthIndex)).forEach(endpoint -> healthPorts.putIfAbsent(endpoint.address(), endpoint.port()));
        return endpoints.stream()
                .map(endpoint -> new Endpoint(endpoint.address(), endpoint.port(), endpoint.weight(),
                        healthPorts.getOrDefault(endpoint.address(), 0)))
                .toList();
    }

    /**
     * A BackendTLSPolicy's TLS for a resolved cluster: it replaces what the Service's annotations or an Ingress's set,
     * since the policy is the Service owner's word on how its port is spoken to.
     */
    void secure(ClusterName name, UpstreamTls tls) {
        Cluster cluster = clusters.get(name);
        if (cluster != null && !tls.equals(cluster.policy().tls())) {
            clusters.put(name, new Cluster(name, cluster.endpoints(), cluster.policy().withTls(tls)));
        }
    }

    private ClusterName empty(ClusterName cluster) {
        clusters.putIfAbsent(cluster, new Cluster(cluster, List.of()));
        return cluster;
    }

    private List<Endpoint> endpoints(ObjectRef owner, Service service, ServicePort servicePort) {
        String namespace = Metadata.namespace(service);
        String name = service.getMetadata().getName();
        if (service.getSpec() != null && "ExternalName".equals(service.getSpec().getType())) {
            String externalName = service.getSpec().getExternalName();
            if (externalName == null || externalName.isEmpty()) {
                return List.of();
            }
            IntOrString target = servicePort.getTargetPort();
            int targetPort = target != null && target.getIntVal() != null ? target.getIntVal() : servicePort.getPort();
            return List.of(Endpoint.of(externalName, targetPort));
        }
        String portName = nullToEmpty(servicePort.getName());
        List<EndpointSlice> slices = slicesByService.get(key(namespace, name));
        if (slices != null) {
            return fromSlices(owner, slices, portName);
        }
        Endpoints legacy = endpoints.get(key(namespace, name));
        return legacy == null ? List.of() : fromEndpoints(legacy, portName);
    }

    private List<Endpoint> fromSlices(ObjectRef owner, List<EndpointSlice> slices, String portName) {
        List<Endpoint> result = new ArrayList<>();
        for (EndpointSlice slice : slices) {
            Integer port = slice.getPorts() == null ? null : slice.getPorts().stream()
                    .filter(p -> portName.equals(nullToEmpty(p.getName())) && p.getPort() != null)
                    .map(io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort::getPort)
                    .findFirst().orElse(null);
            if (port == null) {
                warn(owner, Warning.ENDPOINT_PORT_NOT_FOUND, "endpointslice " + Metadata.namespace(slice) + "/"
                        + slice.getMetadata().getName() + " has no port named \"" + portName
                        + "\" (expected the name of the Service port, \"\" when the Service port has no name)");
                continue;
            }
            if (slice.getEndpoints() == null) {
                continue;
            }
            for (io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint : slice.getEndpoints()) {
                if (isReady(endpoint.getConditions()) && endpoint.getAddresses() != null && !endpoint.getAddresses().isEmpty()) {
                    // Consumers use the first address only; the others are for dual-stack display (as kube-proxy does).
                    result.add(Endpoint.of(endpoint.getAddresses().get(0), port));
                }
            }
        }
        return result;
    }

    private static List<Endpoint> fromEndpoints(Endpoints legacy, String portName) {
        List<Endpoint> result = new ArrayList<>();
        if (legacy.getSubsets() == null) {
            return result;
        }
        for (EndpointSubset subset : legacy.getSubsets()) {
            Integer port = subset.getPorts() == null ? null : subset.getPorts().stream()
                    .filter(p -> portName.equals(nullToEmpty(p.getName())) && p.getPort() != null)
                    .map(EndpointPort::getPort)
                    .findFirst().orElse(null);
            if (port == null || subset.getAddresses() == null) {
                continue;
            }
            for (EndpointAddress address : subset.getAddresses()) {
                if (address.getIp() != null && !address.getIp().isEmpty()) {
                    result.add(Endpoint.of(address.getIp(), port));
                }
            }
        }
        return result;
    }

    /** The API says a missing condition means ready. */
    private static boolean isReady(EndpointConditions conditions) {
        return conditions == null || conditions.getReady() == null || conditions.getReady();
    }

    private static ServicePort servicePort(Service service, Integer number, String name) {
        if (service.getSpec() == null || service.getSpec().getPorts() == null) {
            return null;
        }
        for (ServicePort candidate : service.getSpec().getPorts()) {
            if (number != null ? number.equals(candidate.getPort()) : name.equals(candidate.getName())) {
                return candidate;
            }
        }
        return null;
    }

    private static String describePorts(Service service) {
        if (service.getSpec() == null || service.getSpec().getPorts() == null || service.getSpec().getPorts().isEmpty()) {
            return "no ports: the Service defines none";
        }
        return service.getSpec().getPorts().stream()
                .map(p -> p.getName() == null || p.getName().isEmpty() ? String.valueOf(p.getPort()) : p.getPort() + "/" + p.getName())
                .collect(Collectors.joining(", "));
    }

    /** What a Service port resolved to before any Ingress's annotations. */
    private record Resolved(Service service, ServicePort port, List<Endpoint> endpoints, ClusterPolicy policy) {
    }

    /** The Ingress whose annotations shape a cluster. */
    private record Holder(ObjectRef owner, UpstreamAnnotations upstream) {
    }

    private void warn(ObjectRef owner, String reason, String detail) {
        warnings.add(new Warning(owner, reason, owner + ": " + detail));
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
