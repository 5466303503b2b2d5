package dev.gatehouse.proxy.tls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.routing.UpstreamProtocol;
import dev.gatehouse.routing.UpstreamTls;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Client SslContexts for TLS to upstreams, one per TLS setting and wire protocol, built once and cached:
 * verifying against the given CAs (or the runtime's) or accepting any certificate, offering by ALPN
 * {@code h2} for HTTP/2 upstreams (gRPC over TLS) and {@code http/1.1} otherwise. The name sent by SNI is checked in
 * the certificate, unless the setting names the subject alternative names to find instead ({@code SubjectAltNameTrust}).
 */
public final class UpstreamTlsContexts {

    private record Key(UpstreamTls tls, UpstreamProtocol protocol) {
    }

    private final SslProvider provider = SslProvider.isAlpnSupported(SslProvider.OPENSSL) ? SslProvider.OPENSSL : SslProvider.JDK;
    private final Cache<Key, SslContext> contexts = Caffeine.newBuilder()
            .maximumSize(1_000)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    /** The first handler of a new upstream connection to {@code host:port}: the handshake, with SNI and name checks if asked. */
    public SslHandler newHandler(ByteBufAllocator alloc, UpstreamTls tls, UpstreamProtocol protocol, String host, int port) {
        SslContext context = contexts.get(new Key(tls, protocol), this::build);
        SslHandler handler = tls.serverName() != null ? context.newHandler(alloc, tls.serverName(), port)
                : context.newHandler(alloc, host, port);
        if (tls.verify() && tls.serverName() != null && tls.subjectAltNames().isEmpty()) {
            SSLEngine engine = handler.engine();
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
        }
        return handler;
    }

    private SslContext build(Key key) {
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(provider)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            key.protocol() == UpstreamProtocol.H2C ? ApplicationProtocolNames.HTTP_2 : ApplicationProtocolNames.HTTP_1_1));
            if (!key.tls().verify()) {
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
            } else if (!key.tls().subjectAltNames().isEmpty()) {
                builder.trustManager(SubjectAltNameTrust.of(key.tls().trusted(), key.tls().subjectAltNames()));
            } else if (!key.tls().trusted().isEmpty()) {
                builder.trustManager(key.tls().trusted().toArray(new X509Certificate[0]));
            }
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a TLS client context: " + e.getMessage(), e);
        }
    }
}
