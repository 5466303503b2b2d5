package dev.gatehouse.proxy.http;

import dev.gatehouse.routing.RequestTemplate;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The values of the nginx variables a {@link RequestTemplate} may hold, for one downstream request before any
 * rewrite: what ingress-nginx's {@code auth-url}, {@code auth-signin} and {@code auth-cache-key} see. A variable
 * without a value (a missing header or cookie) is empty, as in nginx.
 */
public final class RequestVariables {

    private RequestVariables() {
    }

    public static String expand(List<RequestTemplate.Part> parts, HttpRequest request, ClientInfo client) {
        StringBuilder text = new StringBuilder();
        for (RequestTemplate.Part part : parts) {
            text.append(part.literal() != null ? part.literal() : value(part.variable(), request, client));
        }
        return text.toString();
    }

    public static String value(String variable, HttpRequest request, ClientInfo client) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return switch (variable) {
            case "host" -> host(request);
            case "http_host" -> orEmpty(request.headers().get(HttpHeaderNames.HOST));
            case "request_uri" -> uri;
            case "escaped_request_uri" -> escaped(uri);
            case "uri" -> query < 0 ? uri : uri.substring(0, query);
            case "args" -> query < 0 ? "" : uri.substring(query + 1);
            case "scheme", "pass_access_scheme" -> client.scheme().toString();
            case "request_method" -> request.method().name();
            case "remote_addr" -> client.client().toString();
            case "remote_user" -> remoteUser(request);
            default -> variable.startsWith("cookie_")
                    ? orEmpty(Cookies.value(request.headers().get(HttpHeaderNames.COOKIE), variable.substring("cookie_".length())))
                    : String.join(",", request.headers().getAll(variable.substring("http_".length()).replace('_', '-')));
        };
    }

    /** As nginx's set_escape_uri: everything but unreserved characters percent-encoded. */
    public static String escaped(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20").replace("%7E", "~").replace("*", "%2A");
    }

    private static String host(HttpRequest request) {
        String authority = orEmpty(request.headers().get(HttpHeaderNames.HOST)).toLowerCase(Locale.ROOT);
        int end = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.lastIndexOf(':');
        return end <= 0 ? authority : authority.substring(0, end);
    }

    private static String remoteUser(HttpRequest request) {
        BasicCredentials credentials = BasicCredentials.parse(request.headers().get(HttpHeaderNames.AUTHORIZATION));
        return credentials == null ? "" : credentials.user();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
