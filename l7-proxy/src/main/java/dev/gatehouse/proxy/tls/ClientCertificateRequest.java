package dev.gatehouse.proxy.tls;

import dev.gatehouse.routing.ClientAuth;
import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of a host that asks for client certificates: it names the host's CAs in the certificate request, so
 * a client picks a certificate they issued, and accepts whatever chain comes at the TLS level. As nginx's verify
 * callback does, the handshake completes either way and the chain is judged per request ({@link ClientChains}), so a
 * client without a good certificate gets nginx's 400 (or the error page) rather than a bare TLS alert.
 */
final class ClientCertificateRequest extends X509ExtendedTrustManager {

    private final X509Certificate[] issuers;

    ClientCertificateRequest(ClientAuth auth) {
        this.issuers = auth.authorities().toArray(new X509Certificate[0]);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return issuers.clone();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // judged per request, see the class comment
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        // judged per request, see the class comment
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        // judged per request, see the class comment
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("a server context checks no server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        throw new UnsupportedOperationException("a server context checks no server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("a server context checks no server");
    }
}
