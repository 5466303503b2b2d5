package dev.gatehouse.proxy.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.TlsClient;
import dev.gatehouse.routing.TlsCertificate;
import dev.gatehouse.tls.DefaultCertificate;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.OpenSslSessionStats;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * The generated default certificate is renewed while running, and a given one is kept; session tickets are sealed
 * with keys of our own that rotate.
 */
class TlsContextsTest {

    @Test
    void the_generated_default_certificate_is_renewed_once_two_thirds_of_its_life_are_gone() {
        TlsContexts contexts = new TlsContexts(null);
        try {
            TlsCertificate first = contexts.defaultCertificate();

            contexts.renewDefault(at(first.notBefore().plus(Duration.ofDays(15))));
            assertThat(contexts.defaultCertificate()).isSameAs(first);

            contexts.renewDefault(at(first.notAfter().minus(Duration.ofDays(9))));
            assertThat(contexts.defaultCertificate()).isNotEqualTo(first);
            assertThat(contexts.defaultCertificate().leaf().getSubjectX500Principal().getName())
                    .isEqualTo("CN=" + DefaultCertificate.COMMON_NAME);
        } finally {
            contexts.close();
        }
    }

    @Test
    void a_default_certificate_that_was_given_is_never_replaced() {
        TlsCertificate given = DefaultCertificate.generate(Clock.systemUTC());
        TlsContexts contexts = new TlsContexts(given);

        contexts.renewDefault(at(given.notAfter().plus(Duration.ofDays(1))));

        assertThat(contexts.defaultCertificate()).isSameAs(given);
        contexts.close();
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void tls_1_2_session_tickets_are_sealed_with_our_own_keys_and_open_only_until_the_second_rotation() throws Exception {
        TlsContexts contexts = new TlsContexts(DefaultCertificate.generate(Clock.systemUTC()));
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            assertThat(contexts.provider()).isEqualTo(SslProvider.OPENSSL);
            SslContext server = contexts.forCertificate(null);
            OpenSslSessionStats stats = ((OpenSslSessionContext) server.sessionContext()).stats();
            int port = listen(group, server);
            SSLContext client = TlsClient.trustAll();

            tls12Handshake(client, port);
            assertThat(stats.ticketKeyNew()).as("tickets sealed by our keys").isEqualTo(1);

            contexts.rotateTicketKeys();
            tls12Handshake(client, port);
            assertThat(stats.ticketKeyRenew()).as("resumed with the key before the current one, ticket renewed").isEqualTo(1);

            contexts.rotateTicketKeys();
            contexts.rotateTicketKeys();
            tls12Handshake(client, port);
            assertThat(stats.ticketKeyFail()).as("a ticket sealed two rotations ago no longer opens").isEqualTo(1);
            assertThat(stats.ticketKeyResume() + stats.ticketKeyRenew()).isEqualTo(1);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            contexts.close();
        }
    }

    /** A loopback listener that only terminates TLS with {@code server}; its port. */
    private static int listen(EventLoopGroup group, SslContext server) throws InterruptedException {
        Channel listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(server.newHandler(channel.alloc()));
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0)
                .sync()
                .channel();
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** A TLS 1.2 handshake by a client of {@code client}'s context, which keeps its sessions and offers them back. */
    private static void tls12Handshake(SSLContext client, int port) throws IOException {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
        }
    }
}
