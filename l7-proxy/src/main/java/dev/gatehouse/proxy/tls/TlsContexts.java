package dev.gatehouse.proxy.tls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.routing.ClientAuth;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.TlsBinding;
import dev.gatehouse.routing.TlsCertificate;
import io.netty.handler.codec.http2.Http2SecurityUtil;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.OpenSslSessionContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.security.cert.X509Certificate;
import dev.gatehouse.tls.DefaultCertificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SslContext per certificate (and per client certificate request, {@code auth-tls-*}), built once and cached by the
 * certificate's fingerprint and the request's settings, so a Secret
 * that did not change never costs a rebuild and a rotated one gets a new context for new handshakes
 * while open connections keep theirs. TLS 1.2 and 1.3 with the HTTP/2 cipher list, ALPN {@code h2}
 * then {@code http/1.1}; BoringSSL (netty-tcnative) when it loads, the JDK's provider otherwise. With BoringSSL, every
 * context seals session tickets with the same {@link TicketKeys}, rotated hourly.
 */
public final class TlsContexts {

    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private final SslProvider provider;
    // no expiry by time: a context built on the event loop at a handshake would stall it; contexts leave
    // when their certificate leaves the snapshot (see prepare)
    private final Cache<Served, SslContext> contexts = Caffeine.newBuilder().build();
    private final boolean generated;
    private final TicketKeys ticketKeys = new TicketKeys();
    private final ScheduledExecutorService maintenance;
    private volatile TlsCertificate fallbackCertificate;
    private volatile SslContext fallback;

    /** @param defaultCertificate the listener's own default; null to generate one and renew it while running */
    public TlsContexts(TlsCertificate defaultCertificate) {
        this.provider = SslProvider.isAlpnSupported(SslProvider.OPENSSL) ? SslProvider.OPENSSL : SslProvider.JDK;
        if (provider == SslProvider.OPENSSL) {
            log.info("TLS by {} through netty-tcnative", OpenSsl.versionString());
        } else {
            log.info("TLS by the JDK's provider: netty-tcnative did not load ({})", String.valueOf(OpenSsl.unavailabilityCause()));
        }
        this.generated = defaultCertificate == null;
        this.fallbackCertificate = generated ? DefaultCertificate.generate(Clock.systemUTC()) : defaultCertificate;
        this.fallback = build(fallbackCertificate, null);
        maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "gatehouse-tls-keys");
            thread.setDaemon(true);
            return thread;
        });
        if (generated) {
            maintenance.scheduleWithFixedDelay(() -> renewDefault(Clock.systemUTC()), 1, 1, TimeUnit.HOURS);
        }
        long rotation = TicketKeys.ROTATION.toMillis();
        maintenance.scheduleAtFixedRate(this::rotateTicketKeys, rotation, rotation, TimeUnit.MILLISECONDS);
    }

    /** A new key seals the session tickets of every context from now on; the one it replaces still opens them. */
    void rotateTicketKeys() {
        ticketKeys.rotate();
        sealTicketsWithOurKeys(fallback);
        contexts.asMap().values().forEach(this::sealTicketsWithOurKeys);
    }

    /** Replaces the generated default certificate once two thirds of its life are gone; new handshakes get the new one. */
    void renewDefault(Clock clock) {
        TlsCertificate current = fallbackCertificate;
        Duration life = Duration.between(current.notBefore(), current.notAfter());
        if (generated && clock.instant().isAfter(current.notAfter().minus(life.dividedBy(3)))) {
            TlsCertificate next = DefaultCertificate.generate(clock);
            fallback = build(next, null);
            fallbackCertificate = next;
            log.info("renewed the generated default certificate; it expires at {}", next.notAfter());
        }
    }

    TlsCertificate defaultCertificate() {
        return fallbackCertificate;
    }

    public void close() {
        maintenance.shutdownNow();
    }

    /** What a handshake presents, and what it asks of the client. */
    private record Served(TlsCertificate certificate, ClientAuth clientAuth) {
    }

    /** The context for a certificate; the default certificate's for null. */
    public SslContext forCertificate(TlsCertificate certificate) {
        return forCertificate(certificate, null);
    }

    /**
     * The context for a certificate that asks clients for theirs as {@code clientAuth} says (nothing for null); the
     * default certificate's for a null certificate.
     */
    public SslContext forCertificate(TlsCertificate certificate, ClientAuth clientAuth) {
        if (certificate == null && clientAuth == null) {
            return fallback;
        }
        return contexts.get(new Served(certificate == null ? fallbackCertificate : certificate, clientAuth),
                served -> build(served.certificate(), served.clientAuth()));
    }

    /**
     * Builds the contexts of a snapshot's certificates ahead of the first handshake, off the event loops,
     * and forgets those of certificates it no longer has.
     */
    public void prepare(RoutingSnapshot snapshot) {
        Set<Served> live = new HashSet<>();
        snapshot.tls().forEach(binding -> live.add(new Served(binding.certificate(), binding.clientAuth())));
        if (snapshot.defaultCertificate() != null) {
            live.add(new Served(snapshot.defaultCertificate(), null));
            forCertificate(snapshot.defaultCertificate());
        }
        contexts.asMap().keySet().retainAll(live);
        for (TlsBinding binding : snapshot.tls()) {
            try {
                forCertificate(binding.certificate(), binding.clientAuth());
            } catch (IllegalStateException e) {
                log.warn("TLS host {}: the certificate from secret {} cannot be used: {}", binding.host(), binding.secret(),
                        e.getMessage());
            }
        }
    }

    SslProvider provider() {
        return provider;
    }

    private SslContext build(TlsCertificate certificate, ClientAuth clientAuth) {
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(certificate.key(), certificate.chain().toArray(new X509Certificate[0]));
            if (clientAuth != null && clientAuth.asksForCertificate()) {
                // OPTIONAL even for "on": nginx completes the handshake without a certificate and answers 400
                builder.trustManager(new ClientCertificateRequest(clientAuth)).clientAuth(io.netty.handler.ssl.ClientAuth.OPTIONAL);
            }
            SslContext context = builder
                    .sslProvider(provider)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .ciphers(Http2SecurityUtil.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
                    .sessionTimeout(300)
                    .build();
            sealTicketsWithOurKeys(context);
            return context;
        } catch (SSLException | RuntimeException e) {
            throw new IllegalStateException("cannot build a TLS context for " + certificate + ": " + e.getMessage(), e);
        }
    }

    private void sealTicketsWithOurKeys(SslContext context) {
        if (context.sessionContext() instanceof OpenSslSessionContext sessions) {
            sessions.setTicketKeys(ticketKeys.current());
        }
    }
}
