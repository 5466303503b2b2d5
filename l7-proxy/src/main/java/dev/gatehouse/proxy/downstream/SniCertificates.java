package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.live.ProxyContext;
import dev.gatehouse.proxy.tls.TlsContexts;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.TlsBinding;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import java.util.Locale;

/**
 * The certificate for a TLS client's server name, as the live snapshot binds it: the exact host's, then
 * the wildcard's, then the default one (the snapshot's, from {@code --default-certificate}, else the
 * listener's own), which is also what a client without SNI gets; a host with {@code auth-tls-*} gets the context that
 * asks the client for its certificate. Read on the event
 * loop at each handshake; the snapshot lookup is two hash lookups.
 */
public final class SniCertificates implements Mapping<String, SslContext> {

    private final ProxyContext proxy;
    private final TlsContexts contexts;

    public SniCertificates(ProxyContext proxy, TlsContexts contexts) {
        this.proxy = proxy;
        this.contexts = contexts;
    }

    @Override
    public SslContext map(String serverName) {
        RoutingSnapshot snapshot = proxy.live().snapshot();
        TlsBinding binding = serverName == null ? null : snapshot.bindingFor(serverName.toLowerCase(Locale.ROOT));
        return binding == null ? contexts.forCertificate(snapshot.defaultCertificate())
                : contexts.forCertificate(binding.certificate(), binding.clientAuth());
    }
}
