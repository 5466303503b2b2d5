package dev.gatehouse.routing;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * TLS towards a cluster's endpoints.
 *
 * @param verify     whether the endpoint's certificate must chain to {@code trusted} (and name {@code serverName},
 *                   when given); without verification any certificate is accepted, as ingress-nginx does by default
 * @param trusted    the CA certificates to verify against; empty for the Java runtime's own
 * @param serverName the name sent by SNI and checked in the certificate, or null for none
 */
public record UpstreamTls(boolean verify, List<X509Certificate> trusted, String serverName) {

    public static final UpstreamTls UNVERIFIED = new UpstreamTls(false, List.of(), null);

    public UpstreamTls {
        trusted = List.copyOf(trusted);
        if (serverName != null && serverName.isEmpty()) {
            serverName = null;
        }
    }
}
