package dev.gatehouse.proxy.tls;

import dev.gatehouse.routing.UpstreamTls.SubjectName;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts an upstream's certificate when it chains to the given CAs (PKIX, as the JDK checks it) and carries one of
 * the wanted subject alternative names: Gateway API's BackendTLSPolicy names the identities a backend may have
 * (a SPIFFE URI, a DNS name other than the one sent by SNI), which the JDK's endpoint identification cannot express,
 * since it checks only the SNI name.
 */
final class SubjectAltNameTrust extends X509ExtendedTrustManager {

    private static final int DNS = 2;
    private static final int URI = 6;

    private final X509ExtendedTrustManager chains;
    private final List<SubjectName> wanted;

    private SubjectAltNameTrust(X509ExtendedTrustManager chains, List<SubjectName> wanted) {
        this.chains = chains;
        this.wanted = List.copyOf(wanted);
    }

    /** @param trusted the CAs to chain to; empty for the runtime's own */
    static SubjectAltNameTrust of(List<X509Certificate> trusted, List<SubjectName> wanted) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trusted.isEmpty()) {
                factory.init((KeyStore) null);
            } else {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                for (int i = 0; i < trusted.size(); i++) {
                    store.setCertificateEntry("ca-" + i, trusted.get(i));
                }
                factory.init(store);
            }
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return new SubjectAltNameTrust(extended, wanted);
                }
            }
            throw new IllegalStateException("the runtime has no X.509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust manager for upstream TLS: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        // without the engine: the JDK's trust manager refuses TLS 1.3 sessions of engines other than its own (OpenSSL's),
        // which Netty works around only for the JDK's class; the chain and its key usage are checked all the same
        chains.checkServerTrusted(chain, authType);
        requireName(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        chains.checkServerTrusted(chain, authType);
        requireName(chain[0]);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        chains.checkServerTrusted(chain, authType);
        requireName(chain[0]);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("an upstream client context judges no client certificate");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("an upstream client context judges no client certificate");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("an upstream client context judges no client certificate");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chains.getAcceptedIssuers();
    }

    private void requireName(X509Certificate certificate) throws CertificateException {
        if (!carriesOne(certificate, wanted)) {
            throw new CertificateException("the upstream's certificate " + certificate.getSubjectX500Principal()
                    + " carries none of the subject alternative names " + wanted.stream().map(SubjectName::value).toList());
        }
    }

    /** Whether {@code certificate} carries one of {@code wanted} among its subject alternative names (never its CN). */
    static boolean carriesOne(X509Certificate certificate, List<SubjectName> wanted) throws CertificateParsingException {
        Collection<List<?>> names = certificate.getSubjectAlternativeNames();
        if (names == null) {
            return false;
        }
        for (List<?> name : names) {
            int type = (Integer) name.get(0);
            if (type != DNS && type != URI) {
                continue;
            }
            String value = (String) name.get(1);
            for (SubjectName one : wanted) {
                if (one.uri() ? type == URI && value.equals(one.value()) : type == DNS && dnsMatches(value, one.value())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** RFC 6125: equal ignoring case, or a leftmost {@code *} label covering exactly one label of the wanted name. */
    private static boolean dnsMatches(String presented, String wanted) {
        String certificateName = presented.toLowerCase(Locale.ROOT);
        String name = wanted.toLowerCase(Locale.ROOT);
        if (certificateName.equals(name)) {
            return true;
        }
        if (!certificateName.startsWith("*.") || name.startsWith("*.")) {
            return false;
        }
        int dot = name.indexOf('.');
        return dot > 0 && name.substring(dot).equals(certificateName.substring(1));
    }
}
