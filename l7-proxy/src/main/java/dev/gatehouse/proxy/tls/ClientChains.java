package dev.gatehouse.proxy.tls;

import dev.gatehouse.routing.ClientAuth;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a client's certificate chain against a host's CAs with the JDK's PKIX validator, as OpenSSL does for nginx's
 * {@code ssl_verify_client}: the chain must lead to one of the CAs, every certificate must be valid now, and with CRLs
 * none may be revoked (revocation from the Secret's CRLs only, never OCSP or a fetched CRL, and a certificate of the
 * chain whose CA has no CRL there fails, as nginx's {@code ssl_crl} does); no more than {@code depth} CA certificates
 * may stand between the client's certificate and the self-signed root, and a certificate that names its uses must allow
 * client authentication. The reasons are OpenSSL's words, which nginx passes on in {@code ssl-client-verify}.
 */
public final class ClientChains {

    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USE = "2.5.29.37.0";

    private ClientChains() {
    }

    /**
     * @param presented the chain the client sent, its certificate first; empty when it sent none
     * @param now       the time certificates and CRLs must be valid at
     */
    public static ClientVerdict verify(List<X509Certificate> presented, ClientAuth auth, Instant now) {
        if (presented.isEmpty()) {
            return ClientVerdict.NONE;
        }
        X509Certificate leaf = presented.get(0);
        List<X509Certificate> path = withoutAnchors(presented, auth.authorities());
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXParameters parameters = parameters(auth, now, validator);
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            TrustAnchor anchor = ((java.security.cert.PKIXCertPathValidatorResult) validator.validate(certPath, parameters))
                    .getTrustAnchor();
            if (caCertificatesBelowRoot(path.size(), anchor.getTrustedCert(), auth.authorities()) > auth.depth()) {
                return ClientVerdict.failed(leaf, "certificate chain too long", false);
            }
            if (!allowsClientAuth(leaf)) {
                return ClientVerdict.failed(leaf, "unsupported certificate purpose", false);
            }
            return ClientVerdict.success(leaf);
        } catch (CertPathValidatorException e) {
            boolean unknown = e.getReason() == PKIXReason.NO_TRUST_ANCHOR;
            return ClientVerdict.failed(leaf, reason(e), unknown);
        } catch (GeneralSecurityException | RuntimeException e) {
            return ClientVerdict.failed(leaf, "certificate verify error", false);
        }
    }

    private static PKIXParameters parameters(ClientAuth auth, Instant now, CertPathValidator validator)
            throws InvalidAlgorithmParameterException, java.security.NoSuchAlgorithmException {
        Set<TrustAnchor> anchors = new HashSet<>();
        auth.authorities().forEach(authority -> anchors.add(new TrustAnchor(authority, null)));
        PKIXParameters parameters = new PKIXParameters(anchors);
        parameters.setDate(Date.from(now));
        if (auth.revocations().isEmpty()) {
            parameters.setRevocationEnabled(false);
        } else {
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(auth.revocations())));
            PKIXRevocationChecker revocation = (PKIXRevocationChecker) validator.getRevocationChecker();
            revocation.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS, PKIXRevocationChecker.Option.NO_FALLBACK));
            parameters.addCertPathChecker(revocation);
        }
        return parameters;
    }

    /** The chain up to (not including) the first certificate that is one of the CAs: PKIX wants the anchors left out. */
    private static List<X509Certificate> withoutAnchors(List<X509Certificate> presented, List<X509Certificate> authorities) {
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate certificate : presented) {
            if (!path.isEmpty() && authorities.contains(certificate)) {
                break;
            }
            path.add(certificate);
        }
        return path;
    }

    /**
     * How many CA certificates stand between the client's certificate and the self-signed root: those of the path
     * after the client's, and the anchor and its issuers in the bundle up to the root, as OpenSSL builds the chain.
     */
    private static int caCertificatesBelowRoot(int pathLength, X509Certificate anchor, List<X509Certificate> authorities) {
        int count = pathLength - 1;
        X509Certificate current = anchor;
        for (int hops = 0; hops <= authorities.size() && !selfIssued(current); hops++) {
            count++;
            X509Certificate issuer = issuerOf(current, authorities);
            if (issuer == null) {
                break;
            }
            current = issuer;
        }
        return count;
    }

    private static X509Certificate issuerOf(X509Certificate certificate, List<X509Certificate> authorities) {
        for (X509Certificate authority : authorities) {
            if (authority != certificate && authority.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                return authority;
            }
        }
        return null;
    }

    private static boolean selfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    private static boolean allowsClientAuth(X509Certificate leaf) {
        try {
            List<String> uses = leaf.getExtendedKeyUsage();
            return uses == null || uses.contains(CLIENT_AUTH) || uses.contains(ANY_USE);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static String reason(CertPathValidatorException e) {
        if (e.getReason() instanceof CertPathValidatorException.BasicReason basic) {
            return switch (basic) {
                case REVOKED -> "certificate revoked";
                case EXPIRED -> "certificate has expired";
                case NOT_YET_VALID -> "certificate is not yet valid";
                case INVALID_SIGNATURE -> "certificate signature failure";
                case UNDETERMINED_REVOCATION_STATUS -> "unable to get certificate CRL";
                default -> "certificate verify error";
            };
        }
        if (e.getReason() == PKIXReason.NO_TRUST_ANCHOR) {
            return "unable to get local issuer certificate";
        }
        if (e.getReason() == PKIXReason.NOT_CA_CERT || e.getReason() == PKIXReason.INVALID_KEY_USAGE) {
            return "invalid CA certificate";
        }
        if (e.getReason() == PKIXReason.PATH_TOO_LONG) {
            return "path length constraint exceeded";
        }
        return "certificate verify error";
    }
}
