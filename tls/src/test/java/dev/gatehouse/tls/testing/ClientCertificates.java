package dev.gatehouse.tls.testing;

import dev.gatehouse.tls.testing.TestCertificates.Issued;
import dev.gatehouse.tls.testing.TestCertificates.KeyType;
import java.math.BigInteger;
import java.net.Socket;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Client certificates for tests of client certificate authentication, made with Bouncy Castle: intermediate CAs,
 * client certificates (for client authentication, with a subject of choice), CRLs, and a TLS client context that
 * presents a given chain whatever CAs the server names.
 */
public final class ClientCertificates {

    private ClientCertificates() {
    }

    /** A CA certificate issued by {@code issuer}. */
    public static Issued intermediate(Issued issuer, String name) {
        KeyPair keys = TestCertificates.keys(KeyType.EC);
        return new Issued(sign(issuer, "CN=" + name, keys, true, Instant.now().plus(Duration.ofDays(30))), keys);
    }

    /**
     * A client certificate for client authentication, valid now, with this subject, its RDNs encoded in the order given:
     * {@code O=Shop,CN=alice} reads {@code CN=alice,O=Shop} in RFC 2253, as {@code openssl -subj /O=Shop/CN=alice} makes it.
     */
    public static Issued client(Issued issuer, String subject) {
        return client(issuer, subject, Instant.now().plus(Duration.ofDays(30)));
    }

    public static Issued client(Issued issuer, String subject, Instant notAfter) {
        KeyPair keys = TestCertificates.keys(KeyType.EC);
        return new Issued(sign(issuer, subject, keys, false, notAfter), keys);
    }

    /** A CRL of {@code ca}, valid for a day, revoking these certificates. */
    public static X509CRL crl(Issued ca, X509Certificate... revoked) {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                    Date.from(now.minus(Duration.ofMinutes(5))));
            builder.setNextUpdate(Date.from(now.plus(Duration.ofDays(1))));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(certificate.getSerialNumber(), Date.from(now.minus(Duration.ofMinutes(1))), CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().getCRL(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(ca.keys().getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test CRL: " + e.getMessage(), e);
        }
    }

    /**
     * A client context that trusts any server and presents {@code client} with the CA certificates after it (null
     * for none), whatever CAs the server asks for: so a test can send a certificate the server will not like.
     */
    public static SSLContext presenting(Issued client, X509Certificate... above) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManager[] keys = client == null ? new KeyManager[0] : new KeyManager[] {new OneChain(client, above)};
            context.init(keys, new TrustManager[] {new AnyServer()}, new SecureRandom());
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(Issued issuer, String subject, KeyPair keys, boolean ca, Instant notAfter) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, new SecureRandom()), Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(notAfter),
                    new X500Name(subject), keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!ca) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.keys().getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test certificate: " + e.getMessage(), e);
        }
    }

    private static final class OneChain extends X509ExtendedKeyManager {
        private final X509Certificate[] chain;
        private final PrivateKey key;

        OneChain(Issued client, X509Certificate[] above) {
            chain = new X509Certificate[above.length + 1];
            chain[0] = client.certificate();
            System.arraycopy(above, 0, chain, 1, above.length);
            key = client.keys().getPrivate();
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }

    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
