package dev.gatehouse.proxy.tls;

import java.security.cert.X509Certificate;

/**
 * What became of a client's certificate on a connection, in nginx's terms ({@code $ssl_client_verify}).
 *
 * @param status        none sent, verified, or failed
 * @param reason        why it failed, in OpenSSL's words as nginx reports them (e.g. {@code certificate revoked}); null
 *                      otherwise
 * @param unknownIssuer whether it failed only because no CA of the host vouches for it: {@code optional_no_ca} lets
 *                      such a certificate through, as nginx does
 * @param leaf          the client's certificate, or null when none was sent
 */
public record ClientVerdict(Status status, String reason, boolean unknownIssuer, X509Certificate leaf) {

    public enum Status { NONE, SUCCESS, FAILED }

    public static final ClientVerdict NONE = new ClientVerdict(Status.NONE, null, false, null);

    static ClientVerdict success(X509Certificate leaf) {
        return new ClientVerdict(Status.SUCCESS, null, false, leaf);
    }

    static ClientVerdict failed(X509Certificate leaf, String reason, boolean unknownIssuer) {
        return new ClientVerdict(Status.FAILED, reason, unknownIssuer, leaf);
    }

    /** The value of {@code ssl-client-verify}: {@code SUCCESS}, {@code FAILED:reason} or {@code NONE}. */
    public String header() {
        return status == Status.FAILED ? "FAILED:" + reason : status.name();
    }
}
