package dev.gatehouse.proxy.filter;

import dev.gatehouse.routing.Mirror;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a route's copies go ({@link RequestMirror}), parsed once when its filters are compiled.
 *
 * @param tls the client TLS context of an https target, null for http: taken here, off the event loops, so that
 *            no copy's connection builds one
 */
public record MirrorTarget(Mirror mirror, SslContext tls, String host, int port, String pathTemplate, String hostHeader) {

    private static final Logger log = LoggerFactory.getLogger(MirrorTarget.class);
    private static final String REQUEST_URI = "$request_uri";

    /** The target of {@code mirror}, or null when it has none or it cannot be parsed (logged). */
    static MirrorTarget of(Mirror mirror) {
        if (mirror == null) {
            return null;
        }
        try {
            URI uri = new URI(mirror.target().replace(REQUEST_URI, "/"));
            boolean https = mirror.target().startsWith("https://");
            int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
            String rest = mirror.target().substring(mirror.target().indexOf("//") + 2);
            int pathStart = indexOfPath(rest);
            String authority = rest.substring(0, pathStart);
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
            String path = rest.substring(pathStart);
            return new MirrorTarget(mirror, https ? ClientTls.CONTEXT : null, host, port, path.startsWith("?") ? "/" + path : path,
                    mirror.host() != null ? mirror.host() : authority);
        } catch (URISyntaxException | RuntimeException e) {
            log.error("mirror target \"{}\" cannot be parsed ({}); requests are not mirrored", mirror.target(), e.getMessage());
            return null;
        }
    }

    private static int indexOfPath(String rest) {
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '/' || rest.charAt(i) == '?' || rest.charAt(i) == '$') {
                return i;
            }
        }
        return rest.length();
    }

    /** The target of a copy of a request for {@code requestUri}: the request's own when the URL has no path. */
    String uri(String requestUri) {
        if (pathTemplate.isEmpty()) {
            return requestUri;
        }
        String uri = pathTemplate.replace(REQUEST_URI, requestUri);
        // "https://mirror.example$request_uri" has its path in the variable; "…/$request_uri" one slash too many
        return uri.startsWith("//") ? uri.substring(1) : uri;
    }

    /**
     * Verifies mirror targets as a browser would, against the JDK's trusted certificate authorities: one context for the
     * process, built (once, by class initialization) when the first https target is parsed.
     */
    private static final class ClientTls {

        static final SslContext CONTEXT = build();

        private static SslContext build() {
            try {
                return SslContextBuilder.forClient().build();
            } catch (SSLException e) {
                throw new IllegalStateException("the JDK's default TLS client context is unavailable", e);
            }
        }
    }
}
