package dev.gatehouse.routing;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * TLS towards a cluster's endpoints.
 *
 * @param verify          whether the endpoint's certificate must chain to {@code trusted} (and name {@code serverName},
 *                        or one of {@code subjectAltNames} when there are any); without verification any certificate is
 *                        accepted, as ingress-nginx does by default
 * @param trusted         the CA certificates to verify against; empty for the Java runtime's own
 * @param serverName      the name sent by SNI, and checked in the certificate when {@code subjectAltNames} is empty; or
 *                        null for none
 * @param subjectAltNames names of which the certificate must carry one (Gateway API's BackendTLSPolicy
 *                        {@code subjectAltNames}); when given, {@code serverName} is sent by SNI only
 */
public record UpstreamTls(boolean verify, List<X509Certificate> trusted, String serverName, List<SubjectName> subjectAltNames) {

    public static final UpstreamTls UNVERIFIED = new UpstreamTls(false, List.of(), null);

    /**
     * A subject alternative name a certificate may carry.
     *
     * @param uri   true for a URI name (such as a SPIFFE ID), compared exactly; false for a DNS name, which a
     *              certificate's wildcard name may cover
     * @param value the name
     */
    public record SubjectName(boolean uri, String value) {

        public SubjectName {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("a subject alternative name needs a value");
            }
        }
    }

    public UpstreamTls(boolean verify, List<X509Certificate> trusted, String serverName) {
        this(verify, trusted, serverName, List.of());
    }

    public UpstreamTls {
        trusted = List.copyOf(trusted);
        subjectAltNames = List.copyOf(subjectAltNames);
        if (serverName != null && serverName.isEmpty()) {
            serverName = null;
        }
    }
}
