package dev.gatehouse.tls.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificates for tests, made with Bouncy Castle: a CA, certificates it issues for given hosts with
 * RSA, EC or Ed25519 keys and any validity, and their PEM in each key format a Secret may hold.
 */
public final class TestCertificates {

    public enum KeyType { RSA, EC, ED25519 }

    /** A certificate and its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {

        public String certificatePem() {
            return pem(certificate);
        }

        /** {@code PRIVATE KEY}: PKCS#8, for every key type. */
        public String pkcs8() {
            try {
                return pem(new JcaPKCS8Generator(keys.getPrivate(), null).generate());
            } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
                throw new IllegalStateException(e);
            }
        }

        /** {@code RSA PRIVATE KEY} (PKCS#1) for RSA, {@code EC PRIVATE KEY} (SEC1, naming its curve) for EC. */
        public String traditional() {
            if (!keys.getPrivate().getAlgorithm().equals("EC")) {
                return pem(keys.getPrivate());
            }
            return pem(new PemObject("EC PRIVATE KEY", sec1(true)));
        }

        /** A SEC1 EC key that leaves its curve out, as some tools write it: unusable. */
        public String sec1WithoutCurve() {
            return pem(new PemObject("EC PRIVATE KEY", sec1(false)));
        }

        private byte[] sec1(boolean withCurve) {
            try {
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
                ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
                return (withCurve ? new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters())
                        : new ECPrivateKey(256, inner.getKey())).getEncoded();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TestCertificates() {
    }

    /** A self-signed CA. */
    public static Issued ca(String name) {
        KeyPair keys = keys(KeyType.EC);
        return new Issued(sign(new X500Name("CN=" + name), new X500Name("CN=" + name), keys.getPublic(), keys,
                Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)), true, new String[0]), keys);
    }

    /** A server certificate for {@code hosts} (subject alternative names; the first is also the CN), valid now. */
    public static Issued issue(Issued ca, KeyType type, String... hosts) {
        return issue(ca, type, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), hosts);
    }

    public static Issued issue(Issued ca, KeyType type, Instant notBefore, Instant notAfter, String... hosts) {
        KeyPair keys = keys(type);
        X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
        return new Issued(sign(issuer, new X500Name("CN=" + hosts[0]), keys.getPublic(), ca.keys(), notBefore, notAfter, false,
                hosts), keys);
    }

    /** A server certificate with only a common name, no subject alternative names. */
    public static Issued commonNameOnly(Issued ca, String host) {
        KeyPair keys = keys(KeyType.EC);
        X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
        return new Issued(sign(issuer, new X500Name("CN=" + host), keys.getPublic(), ca.keys(),
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), false, new String[0]), keys);
    }

    /**
     * A server certificate for the address 127.0.0.1 (an IP address SAN) and the name localhost: for a server
     * on loopback that its clients reach by address.
     */
    public static Issued loopback(Issued ca) {
        KeyPair keys = keys(KeyType.EC);
        X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
        GeneralName[] names = {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                new GeneralName(GeneralName.dNSName, "localhost")};
        return new Issued(sign(issuer, new X500Name("CN=localhost"), keys.getPublic(), ca.keys(),
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), false, names), keys);
    }

    /** A server certificate whose subject alternative names are a DNS name and a URI (such as a SPIFFE ID). */
    public static Issued withUri(Issued ca, String host, String uri) {
        KeyPair keys = keys(KeyType.EC);
        X500Name issuer = new X500Name(ca.certificate().getSubjectX500Principal().getName());
        GeneralName[] names = {new GeneralName(GeneralName.dNSName, host), new GeneralName(GeneralName.uniformResourceIdentifier, uri)};
        return new Issued(sign(issuer, new X500Name("CN=" + host), keys.getPublic(), ca.keys(),
                Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(30)), false, names), keys);
    }

    /** A client TLS context that trusts only this CA (and checks host names as the caller's socket asks). */
    public static SSLContext trusting(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting " + ca.getSubjectX500Principal(), e);
        }
    }

    public static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static KeyPair keys(KeyType type) {
        try {
            return switch (type) {
                case RSA -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048);
                    yield generator.generateKeyPair();
                }
                case EC -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    yield generator.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X500Name issuer, X500Name subject, java.security.PublicKey publicKey, KeyPair signer,
                                        Instant notBefore, Instant notAfter, boolean ca, String[] hosts) {
        GeneralName[] names = new GeneralName[hosts.length];
        for (int i = 0; i < hosts.length; i++) {
            names[i] = new GeneralName(GeneralName.dNSName, hosts[i]);
        }
        return sign(issuer, subject, publicKey, signer, notBefore, notAfter, ca, names);
    }

    private static X509Certificate sign(X500Name issuer, X500Name subject, java.security.PublicKey publicKey, KeyPair signer,
                                        Instant notBefore, Instant notAfter, boolean ca, GeneralName[] names) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                    Date.from(notBefore), Date.from(notAfter), subject, publicKey);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (names.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            String algorithm = switch (signer.getPrivate().getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                default -> "Ed25519";
            };
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(signer.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign a test certificate: " + e.getMessage(), e);
        }
    }
}
