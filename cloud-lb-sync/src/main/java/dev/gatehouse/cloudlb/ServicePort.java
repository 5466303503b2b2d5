package dev.gatehouse.cloudlb;

/**
 * One port of a Service, as a load balancer listener forwards it.
 *
 * @param name the port's name, may be empty
 * @param protocol {@code TCP} or {@code UDP}
 * @param port the Service port: what the load balancer listens on
 * @param nodePort where every node accepts it
 */
public record ServicePort(String name, String protocol, int port, int nodePort) implements Comparable<ServicePort> {

    @Override
    public int compareTo(ServicePort other) {
        int byPort = Integer.compare(port, other.port);
        return byPort != 0 ? byPort : protocol.compareTo(other.protocol);
    }
}
