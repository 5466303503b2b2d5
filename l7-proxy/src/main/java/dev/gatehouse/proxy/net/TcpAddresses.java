package dev.gatehouse.proxy.net;

import io.netty.channel.Channel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Who a TCP listener's connection is from and what it was addressed to: the socket's own addresses, or
 * those a PROXY protocol header reported. Chooses the endpoint (a hash of the client address) and fills
 * the PROXY v1 header sent upstream.
 *
 * @param client the client, as far as the proxy can tell
 * @param local  the address the client connected to
 */
public record TcpAddresses(InetSocketAddress client, InetSocketAddress local) {

    /** The addresses of the socket itself. */
    public static TcpAddresses of(Channel channel) {
        return new TcpAddresses((InetSocketAddress) channel.remoteAddress(), (InetSocketAddress) channel.localAddress());
    }

    /**
     * The addresses a PROXY header reports; the {@code socket}'s for a {@code LOCAL} header (a load
     * balancer's own health check) or a protocol other than TCP over IP.
     */
    public static TcpAddresses from(HAProxyMessage header, TcpAddresses socket) {
        HAProxyProxiedProtocol protocol = header.proxiedProtocol();
        if (header.command() != HAProxyCommand.PROXY
                || (protocol != HAProxyProxiedProtocol.TCP4 && protocol != HAProxyProxiedProtocol.TCP6)) {
            return socket;
        }
        InetAddress source = NetUtil.createInetAddressFromIpAddressString(header.sourceAddress());
        InetAddress destination = NetUtil.createInetAddressFromIpAddressString(header.destinationAddress());
        if (source == null || destination == null) {
            return socket;
        }
        return new TcpAddresses(new InetSocketAddress(source, header.sourcePort()),
                new InetSocketAddress(destination, header.destinationPort()));
    }

    /** The client's IP address as text, what a consistent hash on the client address hashes. */
    public String clientAddress() {
        InetAddress address = client.getAddress();
        return address == null ? client.getHostString() : address.getHostAddress();
    }

    /**
     * The PROXY protocol v1 line naming these addresses. Both must be of one family: when only one is IPv4
     * it is written as an IPv4-mapped IPv6 address, so the upstream still learns the client.
     */
    public String proxyHeaderV1() {
        InetAddress source = client.getAddress();
        InetAddress destination = local.getAddress();
        if (source == null || destination == null) {
            return "PROXY UNKNOWN\r\n";
        }
        boolean ipv4 = source instanceof Inet4Address && destination instanceof Inet4Address;
        String family = ipv4 ? "TCP4" : "TCP6";
        return "PROXY " + family + " " + text(source, ipv4) + " " + text(destination, ipv4) + " " + client.getPort() + " "
                + local.getPort() + "\r\n";
    }

    private static String text(InetAddress address, boolean ipv4) {
        if (ipv4 || !(address instanceof Inet4Address)) {
            return NetUtil.toAddressString(address);
        }
        return "::ffff:" + address.getHostAddress();
    }
}
