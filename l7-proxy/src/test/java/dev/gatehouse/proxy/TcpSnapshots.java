package dev.gatehouse.proxy;

import dev.gatehouse.routing.Cluster;
import dev.gatehouse.routing.ClusterName;
import dev.gatehouse.routing.ClusterPolicy;
import dev.gatehouse.routing.Endpoint;
import dev.gatehouse.routing.HostPattern;
import dev.gatehouse.routing.PathMatch;
import dev.gatehouse.routing.RequestPolicy;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.TcpListener;
import dev.gatehouse.routing.UdpListener;
import dev.gatehouse.routing.VirtualHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds snapshots with TCP and UDP listeners for proxy tests:
 * {@code new TcpSnapshots().listener(5000, "db", 5432).build(1)}. Endpoints are loopback addresses.
 */
final class TcpSnapshots {

    private final Map<ClusterName, List<Endpoint>> clusters = new LinkedHashMap<>();
    private final Map<ClusterName, ClusterPolicy> policies = new LinkedHashMap<>();
    private final List<TcpListener> listeners = new ArrayList<>();
    private final List<UdpListener> udpListeners = new ArrayList<>();
    private final List<VirtualHost> hosts = new ArrayList<>();

    /** A listener named {@code "tcp " + port} forwarding to cluster {@code service} with these loopback ports. */
    TcpSnapshots listener(int port, String service, int... endpointPorts) {
        return listener(port, service, false, false, endpointPorts);
    }

    /** The same, with PROXY protocol accepted downstream and sent upstream as asked. */
    TcpSnapshots listener(int port, String service, boolean acceptProxyProtocol, boolean sendProxyProtocol,
                          int... endpointPorts) {
        for (int endpointPort : endpointPorts) {
            endpoint(service, Endpoint.of("127.0.0.1", endpointPort));
        }
        clusters.computeIfAbsent(name(service), n -> new ArrayList<>());
        listeners.add(new TcpListener(name(port), port, name(service), acceptProxyProtocol, sendProxyProtocol));
        return this;
    }

    /** A UDP listener named {@code "udp " + port} relaying to cluster {@code service} with these loopback ports. */
    TcpSnapshots udpListener(int port, String service, int... endpointPorts) {
        for (int endpointPort : endpointPorts) {
            endpoint(service, Endpoint.of("127.0.0.1", endpointPort));
        }
        clusters.computeIfAbsent(name(service), n -> new ArrayList<>());
        udpListeners.add(new UdpListener("udp " + port, port, name(service)));
        return this;
    }

    /** Lets only clients in {@code sources} (CIDR blocks or addresses) use the listener on {@code port}. */
    TcpSnapshots allowedSources(int port, String... sources) {
        listeners.replaceAll(listener -> listener.port() != port ? listener : new TcpListener(listener.name(), port,
                listener.cluster(), listener.acceptProxyProtocol(), listener.sendProxyProtocol(), List.of(sources)));
        return this;
    }

    /** An endpoint of its own making, such as one with a separate health check port. */
    TcpSnapshots endpoint(String service, Endpoint endpoint) {
        clusters.computeIfAbsent(name(service), n -> new ArrayList<>()).add(endpoint);
        return this;
    }

    /** An HTTP route on {@code host} to a cluster of loopback ports. */
    TcpSnapshots route(String host, String service, int... ports) {
        for (int port : ports) {
            endpoint(service, Endpoint.of("127.0.0.1", port));
        }
        hosts.add(new VirtualHost(HostPattern.of(host), List.of(new Route("test/" + service, PathMatch.prefix("/"),
                new RouteAction.Forward(name(service), RequestPolicy.DEFAULTS)))));
        return this;
    }

    TcpSnapshots policy(String service, ClusterPolicy policy) {
        policies.put(name(service), policy);
        return this;
    }

    RoutingSnapshot build(long version) {
        List<Cluster> built = clusters.entrySet().stream()
                .map(e -> new Cluster(e.getKey(), e.getValue(), policies.getOrDefault(e.getKey(), ClusterPolicy.DEFAULT)))
                .toList();
        return RoutingSnapshot.of(version, hosts, built, null).withTcpListeners(listeners).withUdpListeners(udpListeners);
    }

    /** The listener name {@link #listener} gives the listener on {@code port}. */
    static String name(int port) {
        return "tcp " + port;
    }

    private static ClusterName name(String service) {
        return new ClusterName("test", service, "tcp");
    }
}
