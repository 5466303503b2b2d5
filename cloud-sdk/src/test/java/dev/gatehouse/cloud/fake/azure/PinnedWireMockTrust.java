package dev.gatehouse.cloud.fake.azure;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.InputStream;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS context that trusts exactly the certificate in WireMock's built-in keystore. The host name check
 * is left out because that certificate does not name 127.0.0.1; pinning the certificate keeps the test
 * honest.
 */
public final class PinnedWireMockTrust extends X509ExtendedTrustManager {

    private final X509Certificate pinned;

    private PinnedWireMockTrust(X509Certificate pinned) {
        this.pinned = pinned;
    }

    public static SSLContext sslContext() {
        try (InputStream in = WireMockConfiguration.class.getClassLoader().getResourceAsStream("keystore")) {
            KeyStore store = KeyStore.getInstance("JKS");
            store.load(in, "password".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {
                new PinnedWireMockTrust((X509Certificate) store.getCertificate("wiremock"))}, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("WireMock's built-in keystore could not be loaded", e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain.length == 0 || !chain[0].equals(pinned)) {
            throw new CertificateException("server certificate " + (chain.length == 0 ? "(none)"
                    : chain[0].getSubjectX500Principal()) + " is not WireMock's built-in one");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not expected");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[] {pinned};
    }
}
