package dev.gatehouse.controller.translate.gateway;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GRPCMethodMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;

/**
 * A GRPCRoute method match as the path match of the calls it takes ({@code :path} is {@code /service/method}), as the
 * specification says: Exact with both is that path, a service alone is the prefix {@code /service/}, a method alone
 * matches it in any service; RegularExpression (RE2) matches the whole service and the whole method, either left out
 * meaning any. Matches are case-sensitive, as gRPC names are: the router compiles path expressions without case, so
 * each expression here turns case back on ({@code (?-i)}). The router tries plain paths before expressions and longer
 * ones first, which keeps the specification's order: the longest matching service, then the longest method.
 */
final class GrpcMethodPaths {

    private static final Pattern SERVICE = Pattern.compile("\\.?[A-Za-z_][A-Za-z_0-9]*(\\.[A-Za-z_][A-Za-z_0-9]*)*");
    private static final Pattern METHOD = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");
    private static final String ANY = "[^/]+";

    private GrpcMethodPaths() {
    }

    /**
     * @param match the method match, or null for any call
     * @throws IllegalArgumentException saying which value cannot be served
     */
    static HTTPPathMatch path(GRPCMethodMatch match) {
        String service = match == null ? null : match.getService();
        String method = match == null ? null : match.getMethod();
        String type = match == null || match.getType() == null ? "Exact" : match.getType();
        if (type.equals("Exact")) {
            check("service", service, SERVICE);
            check("method", method, METHOD);
            if (service == null && method == null) {
                return new HTTPPathMatch("PathPrefix", "/");
            }
            if (method == null) {
                return new HTTPPathMatch("PathPrefix", "/" + service + "/");
            }
            if (service == null) {
                return new HTTPPathMatch("RegularExpression", "/(?-i)" + ANY + "/" + method + "$");
            }
            return new HTTPPathMatch("Exact", "/" + service + "/" + method);
        }
        if (!type.equals("RegularExpression")) {
            throw new IllegalArgumentException("type " + type + " is not a method match type (expected Exact or RegularExpression)");
        }
        return new HTTPPathMatch("RegularExpression", "/(?-i)" + expression("service", service) + "/" + expression("method", method)
                + "$");
    }

    private static void check(String what, String value, Pattern syntax) {
        if (value != null && !syntax.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " \"" + value + "\" is not a gRPC " + what + " name");
        }
    }

    private static String expression(String what, String value) {
        if (value == null || value.isEmpty()) {
            return ANY;
        }
        try {
            Pattern.compile(value);
        } catch (PatternSyntaxException invalid) {
            throw new IllegalArgumentException(what + " \"" + value + "\" is not an RE2 expression: " + invalid.getDescription());
        }
        if (value.contains("/")) {
            throw new IllegalArgumentException(what + " \"" + value + "\" matches a \"/\", which no gRPC name holds");
        }
        return "(?:" + value + ")";
    }
}
