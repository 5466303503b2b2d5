package dev.gatehouse.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Locale;

/**
 * The rules of RFC 9112 that an HTTP/1.x request head must meet before it is routed, beyond what Netty's
 * decoder already refuses (bare LF, spaces before the colon, a signed or differing Content-Length, Content-Length
 * with Transfer-Encoding, Transfer-Encoding on HTTP/1.0, a final coding other than chunked). Each rule closes a way
 * for the proxy and the upstream, or the proxy's routing and the upstream's, to read one request differently: the
 * proxy routes, checks and limits by what it reads, so anything read two ways is refused, as nginx and HAProxy do.
 */
public final class RequestHeadRules {

    /** Why a request is refused: the status and the reason the answer gives. */
    public record Refusal(int status, String reason) {
    }

    private RequestHeadRules() {
    }

    /**
     * @param authority the authority of an absolute-form target, or null for origin-form
     * @return null when the head is acceptable
     */
    public static Refusal check(HttpRequest request, String authority) {
        Refusal line = checkRequestLine(request, authority != null);
        if (line != null) {
            return line;
        }
        HttpHeaders headers = request.headers();
        List<String> hosts = headers.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1) {
            return new Refusal(400, "the request has more than one Host header");
        }
        boolean http11 = request.protocolVersion().equals(HttpVersion.HTTP_1_1);
        if (hosts.isEmpty() && http11) {
            return new Refusal(400, "an HTTP/1.1 request needs a Host header");
        }
        String host = hosts.isEmpty() ? null : hosts.get(0);
        if (host != null && !isAuthority(host)) {
            return new Refusal(400, "the Host header is not a host name or address with an optional port");
        }
        if (authority != null) {
            if (!isAuthority(authority)) {
                return new Refusal(400, "the request target's authority is not a host name or address with an optional port");
            }
            if (host != null && !sameAuthority(host, authority, request.uri())) {
                return new Refusal(400, "the Host header and the request target name different hosts");
            }
        }
        if (headers.getAll(HttpHeaderNames.CONTENT_LENGTH).size() > 1
                || headers instanceof DecodedRequestHeaders decoded && decoded.contentLengthLines() > 1) {
            return new Refusal(400, "the request has more than one Content-Length header");
        }
        List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!codings.isEmpty() && (codings.size() > 1 || !codings.get(0).trim().equalsIgnoreCase("chunked"))) {
            // nginx answers the same: only chunked alone is understood; any other coding would reach the upstream
            // still encoded, under a Transfer-Encoding the proxy has replaced
            return new Refusal(501, "the only transfer coding accepted on a request is chunked, alone");
        }
        return null;
    }

    /**
     * The version must be HTTP/1.0 or HTTP/1.1 exactly as written (the name is case-sensitive; Netty reads any case and
     * any version), and the target one of the forms a proxy serves (RFC 9112 section 3.2): origin-form, absolute-form
     * with http or https, or {@code *} for OPTIONS; visible ASCII only, without a fragment. CONNECT is not served.
     */
    private static Refusal checkRequestLine(HttpRequest request, boolean absoluteForm) {
        HttpVersion version = request.protocolVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) {
            // Netty returns its two constants only for the exact text; anything else is another version or case
            return version.majorVersion() == 1 && version.minorVersion() <= 1
                    ? new Refusal(400, "the protocol version must be written HTTP/1.0 or HTTP/1.1")
                    : new Refusal(505, "only HTTP/1.0 and HTTP/1.1 are served on this connection");
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            return new Refusal(405, "CONNECT is not served");
        }
        String target = request.uri();
        boolean asterisk = target.equals("*") && HttpMethod.OPTIONS.equals(request.method());
        if (!asterisk && !absoluteForm && !target.startsWith("/")) {
            return new Refusal(400, "the request target must be a path, an http or https URL, or * for OPTIONS");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '#') {
                return new Refusal(400, "the request target may hold visible ASCII only, without a fragment");
            }
        }
        return null;
    }

    /**
     * An HTTP/2 request as Netty hands it on: {@code :authority} has become a Host header, after any Host the client
     * also sent, which RFC 9113 section 8.3.1 allows only when both name the same host.
     *
     * @return null when the head is acceptable
     */
    public static Refusal checkHttp2(HttpRequest request) {
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        for (String host : hosts) {
            if (!isAuthority(host)) {
                return new Refusal(400, "the request's authority is not a host name or address with an optional port");
            }
            if (!host.equalsIgnoreCase(hosts.get(0))) {
                return new Refusal(400, "the Host header and :authority name different hosts");
            }
        }
        return null;
    }

    /** RFC 3986 authority without userinfo: a reg-name, IPv4 or bracketed IPv6 host, and an optional numeric port. */
    static boolean isAuthority(String value) {
        int length = value.length();
        if (length == 0) {
            return false;
        }
        int hostEnd;
        if (value.charAt(0) == '[') {
            hostEnd = value.indexOf(']');
            if (hostEnd < 2 || !isIpLiteral(value, 1, hostEnd)) {
                return false;
            }
            hostEnd++;
        } else {
            int colon = value.indexOf(':');
            hostEnd = colon < 0 ? length : colon;
            if (hostEnd == 0 || !isRegName(value, hostEnd)) {
                return false;
            }
        }
        if (hostEnd == length) {
            return true;
        }
        if (value.charAt(hostEnd) != ':' || hostEnd + 1 == length || length - hostEnd - 1 > 5) {
            return false;
        }
        for (int i = hostEnd + 1; i < length; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isRegName(String value, int end) {
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~!$&'()*+,;=%".indexOf(c) >= 0;
            if (!allowed || c == '.' && i + 1 < end && value.charAt(i + 1) == '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpLiteral(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            boolean allowed = c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c >= '0' && c <= '9' || c == ':' || c == '.';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    /** Whether two authorities name the same host and port, the scheme's default port being the same as none. */
    private static boolean sameAuthority(String host, String authority, String target) {
        String port = target.regionMatches(true, 0, "https:", 0, 6) ? ":443" : ":80";
        return withoutPort(host.toLowerCase(Locale.ROOT), port).equals(withoutPort(authority.toLowerCase(Locale.ROOT), port));
    }

    private static String withoutPort(String authority, String defaultPort) {
        return authority.endsWith(defaultPort) ? authority.substring(0, authority.length() - defaultPort.length()) : authority;
    }
}
