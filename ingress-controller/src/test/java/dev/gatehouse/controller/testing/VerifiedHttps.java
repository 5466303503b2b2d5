package dev.gatehouse.controller.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import dev.gatehouse.tls.testing.TestCertificates;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * An HTTPS request as a browser makes it: to a loopback port, with the host as the server name, and the
 * certificate checked against one root and for that host name. A certificate that does not pass fails.
 */
public final class VerifiedHttps {

    /** @param response the status line, headers and body as received */
    public record Answer(X509Certificate certificate, String response) {
    }

    private VerifiedHttps() {
    }

    public static Answer get(int port, String host, String path, X509Certificate root) throws IOException {
        SSLContext context = TestCertificates.trusting(root);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        plain.setSoTimeout(5_000);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(host)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            return new Answer(leaf, received.toString(StandardCharsets.UTF_8));
        }
    }
}
