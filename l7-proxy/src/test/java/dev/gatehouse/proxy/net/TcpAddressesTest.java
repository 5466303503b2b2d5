package dev.gatehouse.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class TcpAddressesTest {

    private static final TcpAddresses SOCKET = new TcpAddresses(new InetSocketAddress("10.0.0.9", 51000),
            new InetSocketAddress("10.0.0.1", 3306));

    @Test
    void the_proxy_v1_line_of_two_ipv4_addresses_names_tcp4_then_source_destination_and_ports() {
        assertThat(SOCKET.proxyHeaderV1()).isEqualTo("PROXY TCP4 10.0.0.9 10.0.0.1 51000 3306\r\n");
    }

    @Test
    void ipv6_addresses_are_written_in_their_compressed_form() {
        TcpAddresses addresses = new TcpAddresses(new InetSocketAddress("2001:db8:0:0:0:0:0:7", 40000),
                new InetSocketAddress("::1", 5432));

        assertThat(addresses.proxyHeaderV1()).isEqualTo("PROXY TCP6 2001:db8::7 ::1 40000 5432\r\n");
    }

    @Test
    void an_ipv4_client_of_an_ipv6_listener_is_written_as_an_ipv4_mapped_address() {
        TcpAddresses addresses = new TcpAddresses(new InetSocketAddress("192.0.2.4", 40000), new InetSocketAddress("::1", 5432));

        assertThat(addresses.proxyHeaderV1()).isEqualTo("PROXY TCP6 ::ffff:192.0.2.4 ::1 40000 5432\r\n");
    }

    @Test
    void a_proxy_header_replaces_the_socket_addresses_and_the_client_address_hashes_as_its_ip() {
        HAProxyMessage header = new HAProxyMessage(HAProxyProtocolVersion.V1, HAProxyCommand.PROXY, HAProxyProxiedProtocol.TCP4,
                "203.0.113.7", "198.51.100.1", 40000, 443);
        try {
            TcpAddresses addresses = TcpAddresses.from(header, SOCKET);

            assertThat(addresses.clientAddress()).isEqualTo("203.0.113.7");
            assertThat(addresses.proxyHeaderV1()).isEqualTo("PROXY TCP4 203.0.113.7 198.51.100.1 40000 443\r\n");
        } finally {
            header.release();
        }
    }

    @Test
    void a_local_header_from_the_load_balancer_itself_keeps_the_socket_addresses() {
        HAProxyMessage header = new HAProxyMessage(HAProxyProtocolVersion.V2, HAProxyCommand.LOCAL,
                HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0);
        try {
            assertThat(TcpAddresses.from(header, SOCKET)).isEqualTo(SOCKET);
        } finally {
            header.release();
        }
    }
}
