package dev.gatehouse.tls;

import dev.gatehouse.routing.TlsCertificate;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a certificate chain and its private key as a {@code kubernetes.io/tls} Secret holds them
 * ({@code tls.crt}, {@code tls.key}), with Bouncy Castle, and checks them: certificates in any order
 * (the leaf is the one the key belongs to, the chain is ordered from it), keys as PKCS#1 RSA, PKCS#8
 * RSA, EC or Ed25519, and SEC1 EC (with or without its EC PARAMETERS block); the key must match the
 * leaf, which must be valid now. The first check that fails is the one reason given.
 */
public final class PemCertificates {

    private static final byte[] PROBE = "gatehouse key check".getBytes(StandardCharsets.US_ASCII);

    private PemCertificates() {
    }

    /**
     * @param chainPem what {@code tls.crt} holds
     * @param keyPem   what {@code tls.key} holds
     * @param clock    the time the certificate must be valid at
     * @throws CertificateProblem with the reason it cannot be served
     */
    public static TlsCertificate parse(String chainPem, String keyPem, Clock clock) throws CertificateProblem {
        TlsCertificate certificate = read(chainPem, keyPem);
        checkValidity(certificate, clock.instant());
        return certificate;
    }

    /**
     * Everything {@link #parse} checks but the time: a result that can be kept as long as the text does not
     * change, with {@link #checkValidity} at each use.
     */
    public static TlsCertificate read(String chainPem, String keyPem) throws CertificateProblem {
        List<X509Certificate> certificates = certificates(chainPem);
        PrivateKey key = key(keyPem);
        X509Certificate leaf = null;
        for (X509Certificate certificate : certificates) {
            if (matches(key, certificate)) {
                leaf = certificate;
                break;
            }
        }
        if (leaf == null) {
            throw new CertificateProblem("tls.key does not belong to any certificate in tls.crt (expected the private key of the "
                    + "server certificate)");
        }
        List<X509Certificate> chain = ordered(leaf, certificates);
        List<String> hosts;
        try {
            hosts = hosts(leaf);
        } catch (IllegalArgumentException e) {
            // Bouncy Castle reads the common name's UTF8String strictly, where the JDK's parser let it pass
            throw new CertificateProblem("the certificate in tls.crt has a subject name that cannot be read (" + e.getMessage()
                    + "; expected UTF-8 text)");
        }
        return new TlsCertificate(fingerprint(chain), chain, key, hosts, leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant());
    }

    /** @throws CertificateProblem when the certificate is not valid at {@code now} */
    public static void checkValidity(TlsCertificate certificate, Instant now) throws CertificateProblem {
        if (now.isAfter(certificate.notAfter())) {
            throw new CertificateProblem("the certificate for " + subject(certificate.leaf()) + " expired at "
                    + certificate.notAfter() + " (expected a certificate valid now)");
        }
        if (now.isBefore(certificate.notBefore())) {
            throw new CertificateProblem("the certificate for " + subject(certificate.leaf()) + " is not valid before "
                    + certificate.notBefore() + " (expected a certificate valid now)");
        }
    }

    /**
     * The certificates of a PEM text, for trust anchors such as a CA bundle.
     *
     * @throws CertificateProblem when it holds none, or anything but certificates
     */
    public static List<X509Certificate> certificates(String pem) throws CertificateProblem {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new CertificateProblem("tls.crt holds a " + describe(object) + " (expected only CERTIFICATE blocks)");
                }
                certificates.add(converter.getCertificate(holder));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new CertificateProblem("tls.crt is not valid PEM: " + e.getMessage() + " (expected CERTIFICATE blocks)");
        }
        if (certificates.isEmpty()) {
            throw new CertificateProblem("tls.crt holds no certificate (expected one or more PEM CERTIFICATE blocks)");
        }
        return certificates;
    }

    private static PrivateKey key(String pem) throws CertificateProblem {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(pem == null ? "" : pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof ASN1ObjectIdentifier) {
                    continue; // the EC PARAMETERS block that openssl writes before a SEC1 key
                }
                if (object instanceof PEMKeyPair pair) {
                    // PKCS#1 RSA, SEC1 EC; SEC1 may leave the public key out, so only the private part is read
                    PrivateKeyInfo info = withCurve(pair.getPrivateKeyInfo());
                    if (X9ObjectIdentifiers.id_ecPublicKey.equals(info.getPrivateKeyAlgorithm().getAlgorithm())
                            && info.getPrivateKeyAlgorithm().getParameters() == null) {
                        throw new CertificateProblem("tls.key is an EC PRIVATE KEY that does not name its curve (expected a SEC1 "
                                + "key with its parameters, or a PKCS#8 PRIVATE KEY)");
                    }
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info); // PKCS#8
                }
                if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new CertificateProblem("tls.key is encrypted (expected an unencrypted private key)");
                }
                throw new CertificateProblem("tls.key holds a " + describe(object) + " (expected a PRIVATE KEY, RSA PRIVATE KEY "
                        + "or EC PRIVATE KEY block)");
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem("tls.key is not valid PEM: " + e.getMessage() + " (expected a private key block)");
        }
        throw new CertificateProblem("tls.key holds no private key (expected a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY "
                + "block)");
    }

    /**
     * A SEC1 EC key names its curve inside the key, where Java's key factory does not look; the curve is
     * copied into the algorithm identifier, as PKCS#8 has it.
     */
    private static PrivateKeyInfo withCurve(PrivateKeyInfo info) throws IOException {
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm.getAlgorithm()) || algorithm.getParameters() != null) {
            return info;
        }
        ECPrivateKey key = ECPrivateKey.getInstance(info.parsePrivateKey());
        if (key.getParametersObject() == null) {
            return info;
        }
        return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, key.getParametersObject()), key);
    }

    /** Whether a signature made with the key verifies with the certificate's public key: works for every key type. */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !algorithm.startsWith(signatureFamily(certificate))) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String signatureFamily(X509Certificate certificate) {
        return switch (certificate.getPublicKey().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
    }

    /** From the leaf up: each next certificate is the issuer of the previous one; a self-signed root ends it. */
    private static List<X509Certificate> ordered(X509Certificate leaf, List<X509Certificate> certificates) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            X509Certificate issuer = null;
            for (X509Certificate candidate : certificates) {
                if (!chain.contains(candidate) && candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                    issuer = candidate;
                    break;
                }
            }
            if (issuer == null) {
                break;
            }
            chain.add(issuer);
            current = issuer;
        }
        return chain;
    }

    /** The DNS names of the subject alternative names; the common name only when there are none. */
    static List<String> hosts(X509Certificate leaf) {
        List<String> hosts = new ArrayList<>();
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (Integer.valueOf(2).equals(name.get(0))) {
                        hosts.add(name.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return hosts;
        }
        if (hosts.isEmpty()) {
            String commonName = commonName(leaf);
            if (commonName != null) {
                hosts.add(commonName.toLowerCase(Locale.ROOT));
            }
        }
        return hosts;
    }

    private static String commonName(X509Certificate certificate) {
        RDN[] names = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        return names.length == 0 ? null : IETFUtils.valueToString(names[0].getFirst().getValue());
    }

    private static String subject(X509Certificate certificate) {
        List<String> hosts = hosts(certificate);
        return hosts.isEmpty() ? certificate.getSubjectX500Principal().getName() : String.join(", ", hosts);
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }

    /** The chain's digest: the key is checked to match the leaf, so the chain alone tells certificates apart. */
    private static String fingerprint(List<X509Certificate> chain) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : chain) {
                digest.update(certificate.getEncoded());
            }
            return "sha256:" + HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException("cannot digest a certificate that was just parsed", e);
        }
    }
}
