package dev.gatehouse.proxy.downstream;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * A certificate as nginx's {@code $ssl_client_escaped_cert} spells it, for {@code ssl-client-cert}: its PEM, with each
 * byte outside letters, digits and {@code -._~!'()*} percent-encoded (nginx's URI-component escaping), so the header
 * holds one line.
 */
final class EscapedPem {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String KEPT = "-._~!'()*";

    private EscapedPem() {
    }

    static String of(X509Certificate certificate) {
        String pem;
        try {
            pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a certificate from a completed handshake cannot be encoded", e);
        }
        StringBuilder escaped = new StringBuilder(pem.length() * 11 / 10);
        for (byte b : pem.getBytes(StandardCharsets.US_ASCII)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || KEPT.indexOf(c) >= 0) {
                escaped.append(c);
            } else {
                escaped.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return escaped.toString();
    }
}
