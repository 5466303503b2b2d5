package dev.gatehouse.tls.acme;

import dev.gatehouse.logging.NamingTrustManager;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * Any RFC 8555 directory, reached over HTTPS that is checked against the given CAs (private ACME servers:
 * step-ca, Pebble, a company CA), or the Java runtime's when none is given. Either way a refused certificate is
 * named with its subject and the trust store that refused it, which acme4j's "Network error" hides.
 */
final class TrustingProvider extends GenericAcmeProvider {

    private final SSLContext sslContext;

    TrustingProvider(List<X509Certificate> trusted) {
        sslContext = NamingTrustManager.clientContext(trusted, "--acme-ca-file");
    }

    @Override
    protected HttpConnector createHttpConnector(NetworkSettings settings) {
        return new HttpConnector(settings) {
            @Override
            public HttpClient.Builder createClientBuilder() {
                return super.createClientBuilder().sslContext(sslContext);
            }
        };
    }
}
