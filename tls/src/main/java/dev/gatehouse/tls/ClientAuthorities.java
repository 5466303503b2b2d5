package dev.gatehouse.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/**
 * Reads what a Secret for client certificate authentication holds, as ingress-nginx's {@code auth-tls-secret} takes it:
 * {@code ca.crt}, the CAs client certificates must chain to, and the optional {@code ca.crl}, their revocation lists.
 * Each CRL must be signed by one of the CAs, so a list nobody can check never stands in for one.
 *
 * @param authorities the CA certificates, never empty
 * @param revocations the CRLs, empty when the Secret has none
 */
public record ClientAuthorities(List<X509Certificate> authorities, List<X509CRL> revocations) {

    /** Large enough for any real CA bundle or CRL; a bigger entry is refused before it is parsed. */
    static final int MAX_PEM_CHARS = 4 * 1024 * 1024;

    /**
     * @param caPem  what {@code ca.crt} holds
     * @param crlPem what {@code ca.crl} holds, or null when the Secret has no such entry
     * @throws CertificateProblem naming the entry and what was expected
     */
    public static ClientAuthorities read(String caPem, String crlPem) throws CertificateProblem {
        List<X509Certificate> authorities = new ArrayList<>();
        List<X509CRL> revocations = new ArrayList<>();
        for (Object object : blocks("ca.crt", caPem)) {
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new CertificateProblem("ca.crt holds a " + object.getClass().getSimpleName()
                        + " (expected only PEM CERTIFICATE blocks)");
            }
            authorities.add(convert("ca.crt", () -> new JcaX509CertificateConverter().getCertificate(holder)));
        }
        if (authorities.isEmpty()) {
            throw new CertificateProblem("ca.crt holds no certificate (expected one or more PEM CERTIFICATE blocks of CAs)");
        }
        if (crlPem != null) {
            for (Object object : blocks("ca.crl", crlPem)) {
                if (!(object instanceof X509CRLHolder holder)) {
                    throw new CertificateProblem("ca.crl holds a " + object.getClass().getSimpleName()
                            + " (expected only PEM X509 CRL blocks)");
                }
                X509CRL crl = convert("ca.crl", () -> new JcaX509CRLConverter().getCRL(holder));
                requireSignedByOneOf(crl, authorities);
                revocations.add(crl);
            }
            if (revocations.isEmpty()) {
                throw new CertificateProblem("ca.crl holds no revocation list (expected PEM X509 CRL blocks, or no ca.crl entry)");
            }
        }
        return new ClientAuthorities(List.copyOf(authorities), List.copyOf(revocations));
    }

    private static List<Object> blocks(String entry, String pem) throws CertificateProblem {
        if (pem == null || pem.isBlank()) {
            throw new CertificateProblem(entry + " is empty (expected PEM blocks)");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new CertificateProblem(entry + " holds " + pem.length() + " characters (expected at most " + MAX_PEM_CHARS + ")");
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem(entry + " is not valid PEM: " + e.getMessage());
        }
        return objects;
    }

    private static void requireSignedByOneOf(X509CRL crl, List<X509Certificate> authorities) throws CertificateProblem {
        for (X509Certificate authority : authorities) {
            if (authority.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                try {
                    crl.verify(authority.getPublicKey());
                    return;
                } catch (GeneralSecurityException wrongKey) {
                    // another CA of the same name may have signed it
                }
            }
        }
        throw new CertificateProblem("ca.crl holds a revocation list of " + crl.getIssuerX500Principal().getName()
                + " that no CA of ca.crt signed (expected the CRLs of the CAs in ca.crt)");
    }

    private interface Conversion<T> {
        T convert() throws GeneralSecurityException;
    }

    private static <T> T convert(String entry, Conversion<T> conversion) throws CertificateProblem {
        try {
            return conversion.convert();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CertificateProblem(entry + " holds a block that cannot be read: " + e.getMessage());
        }
    }
}
