package dev.gatehouse.proxy.upstream;

import dev.gatehouse.routing.Endpoint;
import java.net.InetSocketAddress;

/**
 * The proxy's side of one upstream address. The same instance serves every snapshot that lists the
 * address, so connection pools (keyed by it) survive snapshot swaps; when a snapshot drops the address
 * the instance is retired and connections returning to it are closed.
 */
public final class UpstreamEndpoint {

    private final String address;
    private final int port;
    private final InetSocketAddress socketAddress;
    private volatile boolean retired;

    public UpstreamEndpoint(Endpoint endpoint) {
        this.address = endpoint.address();
        this.port = endpoint.port();
        // An IP literal makes a resolved address without any lookup; a name stays unresolved so the
        // lookup happens at connect time, off the snapshot build.
        this.socketAddress = isIpLiteral(address) ? new InetSocketAddress(address, port)
                : InetSocketAddress.createUnresolved(address, port);
    }

    public static String key(Endpoint endpoint) {
        return endpoint.address() + "|" + endpoint.port();
    }

    public InetSocketAddress socketAddress() {
        return socketAddress;
    }

    boolean retired() {
        return retired;
    }

    public void retire() {
        retired = true;
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }
}
