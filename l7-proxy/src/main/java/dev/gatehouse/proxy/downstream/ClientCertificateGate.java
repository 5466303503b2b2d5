package dev.gatehouse.proxy.downstream;

import dev.gatehouse.proxy.filter.Verdict;
import dev.gatehouse.proxy.http.LocalResponses;
import dev.gatehouse.proxy.tls.ClientChains;
import dev.gatehouse.proxy.tls.ClientVerdict;
import dev.gatehouse.routing.ClientAuth;
import dev.gatehouse.routing.RoutingSnapshot;
import dev.gatehouse.routing.TlsBinding;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * Client certificate authentication of a request ({@code auth-tls-*}), by the host it asks for, as nginx does it for
 * ingress-nginx: a request for a host that asks for client certificates must come on a connection whose TLS server
 * name is that host (421 otherwise, as nginx answers, so a handshake for another name never stands in for the host's);
 * without the certificate {@code on}
 * requires, or with one that fails, 400 (or a 302 to the error page) and the connection closes; a subject outside
 * {@code auth-tls-match-cn} gets 403. What passes goes upstream with {@code ssl-client-verify} and the subject and
 * issuer DNs (and the certificate when asked), in place of any the client sent. A chain is judged once per connection
 * (or HTTP/2 stream) and host settings.
 */
final class ClientCertificateGate {

    /** The server name the client's TLS handshake asked for, set by {@link TlsHandshakes}. */
    static final AttributeKey<String> SERVER_NAME = AttributeKey.valueOf(ClientCertificateGate.class, "server-name");

    static final AsciiString VERIFY = AsciiString.cached("ssl-client-verify");
    static final AsciiString SUBJECT = AsciiString.cached("ssl-client-subject-dn");
    static final AsciiString ISSUER = AsciiString.cached("ssl-client-issuer-dn");
    static final AsciiString CERTIFICATE = AsciiString.cached("ssl-client-cert");

    private final Channel connection;
    private final SslHandler tls;
    private ClientAuth judged;
    private ClientVerdict verdict;

    /** @param connection the client's connection (an HTTP/2 stream's parent) */
    ClientCertificateGate(Channel connection) {
        this.connection = connection;
        this.tls = connection.pipeline().get(SslHandler.class);
    }

    /**
     * @return null when the request may go on (with the headers set when its host authenticates clients), else the
     *         answer
     */
    Verdict.Answer check(HttpRequest request, RoutingSnapshot snapshot, String host, boolean keepAlive) {
        String negotiated = tls == null ? null : connection.attr(SERVER_NAME).get();
        // a request without a host is the negotiated server's, as nginx keeps the server SNI chose
        String name = host.isEmpty() && negotiated != null ? negotiated : host.toLowerCase(Locale.ROOT);
        TlsBinding binding = name.isEmpty() ? null : snapshot.bindingFor(name);
        if (negotiated != null && !negotiated.equalsIgnoreCase(name) && asksCertificates(binding)) {
            return new Verdict.Answer(421, LocalResponses.text(421, "client attempted to request the server name different "
                    + "from the one that was negotiated"), null, null, null, !keepAlive);
        }
        ClientAuth auth = binding == null ? null : binding.clientAuth();
        if (auth == null) {
            return null;
        }
        HttpHeaders headers = request.headers();
        headers.remove(VERIFY).remove(SUBJECT).remove(ISSUER).remove(CERTIFICATE);
        ClientVerdict found = verdict(auth);
        if (found.status() == ClientVerdict.Status.FAILED && !(auth.mode() == ClientAuth.Mode.OPTIONAL_NO_CA && found.unknownIssuer())) {
            return refuse(auth, "The SSL certificate error");
        }
        if (found.status() == ClientVerdict.Status.NONE && auth.mode() == ClientAuth.Mode.ON) {
            return refuse(auth, "No required SSL certificate was sent");
        }
        X509Certificate leaf = found.leaf();
        String subject = leaf == null ? "" : leaf.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (auth.matchSubject() != null && !auth.matchSubject().matcher(subject).find()) {
            return new Verdict.Answer(403, LocalResponses.text(403, "client certificate unauthorized"), null, null, null, !keepAlive);
        }
        headers.set(VERIFY, found.header());
        if (leaf != null) {
            headers.set(SUBJECT, subject);
            headers.set(ISSUER, leaf.getIssuerX500Principal().getName(X500Principal.RFC2253));
            if (auth.passCertificate()) {
                headers.set(CERTIFICATE, EscapedPem.of(leaf));
            }
        }
        return null;
    }

    private static boolean asksCertificates(TlsBinding binding) {
        return binding != null && binding.clientAuth() != null && binding.clientAuth().asksForCertificate();
    }

    /** nginx's 495 and 496 are answered 400 (or redirected to the error page), and the connection closes. */
    private static Verdict.Answer refuse(ClientAuth auth, String reason) {
        if (auth.errorPage() != null) {
            return new Verdict.Answer(302, LocalResponses.text(302, "moved to " + auth.errorPage()), HttpHeaderNames.LOCATION,
                    auth.errorPage(), null, true);
        }
        return new Verdict.Answer(400, LocalResponses.text(400, reason), null, null, null, true);
    }

    private ClientVerdict verdict(ClientAuth auth) {
        if (auth != judged) {
            verdict = auth.asksForCertificate() ? ClientChains.verify(presented(), auth, Instant.now()) : ClientVerdict.NONE;
            judged = auth;
        }
        return verdict;
    }

    private List<X509Certificate> presented() {
        if (tls == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : tls.engine().getSession().getPeerCertificates()) {
                if (certificate instanceof X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException none) {
            return List.of();
        }
    }
}
