package dev.gatehouse.logging;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Checks server certificates like the trust manager it wraps, but a refusal names the certificate's subject and
 * issuer and the trust store that refused it: the JDK's own "PKIX path building failed" names neither, and an
 * operator needs both to tell a missing CA from a wrong server.
 */
public final class NamingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager checked;
    private final String store;

    private NamingTrustManager(X509ExtendedTrustManager checked, String store) {
        this.checked = checked;
        this.store = store;
    }

    /**
     * A TLS client context that trusts {@code trusted}, or the Java runtime's default trust store when it is empty.
     *
     * @param storeName what to call the given CAs in messages, e.g. "--acme-ca-file"
     */
    public static SSLContext clientContext(List<X509Certificate> trusted, String storeName) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            String store;
            if (trusted.isEmpty()) {
                factory.init((KeyStore) null);
                store = TrustStores.describeDefault();
            } else {
                KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
                keys.load(null, null);
                for (int i = 0; i < trusted.size(); i++) {
                    keys.setCertificateEntry("ca-" + i, trusted.get(i));
                }
                factory.init(keys);
                store = storeName + " (" + trusted.size() + (trusted.size() == 1 ? " CA: " : " CAs: ")
                        + String.join("; ", trusted.stream().map(ca -> ca.getSubjectX500Principal().getName()).toList()) + ")";
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new NamingTrustManager(extended(factory), store)}, null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store (" + storeName + "): " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager extended(TrustManagerFactory factory) {
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new IllegalStateException("the default trust manager factory gives no X.509 trust manager");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        try {
            checked.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        try {
            checked.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            checked.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw named(chain, e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checked.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checked.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checked.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return checked.getAcceptedIssuers();
    }

    private NotTrusted named(X509Certificate[] chain, CertificateException refusal) {
        String subject = chain.length == 0 ? "(no certificate)" : chain[0].getSubjectX500Principal().getName();
        String issuer = chain.length == 0 ? "" : ", issuer " + chain[0].getIssuerX500Principal().getName();
        return new NotTrusted("certificate not trusted: subject " + subject + issuer + " (trust store: " + store + "): "
                + rootMessage(refusal), refusal);
    }

    private static String rootMessage(Throwable refusal) {
        List<Throwable> chain = Causes.chain(refusal);
        return String.valueOf(chain.get(chain.size() - 1).getMessage());
    }

    /** A refused server certificate, named; {@link Causes} prefers it to anything else in the chain. */
    static final class NotTrusted extends CertificateException {
        NotTrusted(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
