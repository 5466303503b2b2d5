package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.controller.translate.objects.Warning;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.RequestFilters;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code custom-headers}, a ConfigMap whose data are headers set on every response of the Ingress (as ingress-nginx's
 * annotation of that name), and {@code request-headers}, a ConfigMap whose data are headers set on every request
 * sent upstream (as ingress-nginx's global {@code proxy-set-headers}, per Ingress here). A ConfigMap is named
 * {@code name} or {@code namespace/name} and must be in the Ingress's namespace: one in another would let an
 * Ingress publish data its owner may not read. Each entry is checked ({@link HeaderEntries}); a bad one is reported
 * and left out, while the others apply. A {@code custom-headers} ConfigMap that does not exist answers every request of
 * the Ingress 503, as ingress-nginx denies a location whose annotation cannot be resolved, rather than serve it without
 * the headers (which may be security headers).
 */
final class HeaderAnnotations {

    private static final Pattern REFERENCE =
            Pattern.compile("(?:([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)/)?([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)");

    private HeaderAnnotations() {
    }

    /** {@code filters} with the headers of the Ingress's ConfigMaps added. */
    static RequestFilters apply(RequestFilters filters, AnnotationReader reader, ObjectRef owner, AnnotationContext context) {
        Map<String, String> response = headers(reader, "custom-headers", HeaderEntries.Direction.RESPONSE, owner, context);
        Map<String, String> request = headers(reader, "request-headers", HeaderEntries.Direction.REQUEST, owner, context);
        RequestFilters result = request.isEmpty() ? filters : filters.withRequestHeaders(request);
        if (response == null) {
            return result.withBasicAuth(BasicAuth.unreadable(result.basicAuth() == null ? "" : result.basicAuth().realm()));
        }
        if (response.isEmpty()) {
            return result;
        }
        Map<String, String> merged = new TreeMap<>(response);
        merged.putAll(result.responseHeaders());
        return result.withResponseHeaders(merged);
    }

    /** The headers of the ConfigMap {@code name} refers to; null when a response headers' ConfigMap does not exist. */
    private static Map<String, String> headers(AnnotationReader reader, String name, HeaderEntries.Direction direction,
                                               ObjectRef owner, AnnotationContext context) {
        String[] found = reader.value(name);
        if (found == null) {
            return Map.of();
        }
        Matcher matcher = REFERENCE.matcher(found[1].trim());
        if (!matcher.matches()) {
            reader.warn(found, "is not a ConfigMap name (expected name or namespace/name, e.g. " + owner.namespace()
                    + "/headers); no " + direction.what() + " header is set from it");
            return Map.of();
        }
        String namespace = matcher.group(1) == null ? owner.namespace() : matcher.group(1);
        if (!namespace.equals(owner.namespace())) {
            reader.warn(found, "refers to a ConfigMap in namespace " + namespace + " (expected one in the Ingress's namespace "
                    + owner.namespace() + "); no " + direction.what() + " header is set from it");
            return Map.of();
        }
        String configMapName = matcher.group(3);
        ConfigMap configMap = context.configMap(namespace, configMapName);
        if (configMap == null && direction == HeaderEntries.Direction.RESPONSE) {
            reader.warn(found, "refers to ConfigMap " + namespace + "/" + configMapName + ", which does not exist; every request "
                    + "is answered 503 until it does, as in ingress-nginx");
            return null;
        }
        if (configMap == null) {
            reader.warn(found, "refers to ConfigMap " + namespace + "/" + configMapName + ", which does not exist; no "
                    + direction.what() + " header is set from it");
            return Map.of();
        }
        Map<String, String> headers = new TreeMap<>();
        Map<String, String> data = configMap.getData() == null ? Map.of() : new TreeMap<>(configMap.getData());
        data.forEach((key, value) -> {
            String problem = HeaderEntries.problem(direction, key, value);
            if (problem != null) {
                String shown = HeaderEntries.secret(key) ? "hidden" : "\"" + escaped(value) + "\"";
                context.warnings().add(new Warning(owner, Warning.INVALID_ANNOTATION, owner + ": annotation " + found[0]
                        + ": ConfigMap " + namespace + "/" + configMapName + " key \"" + key + "\" (value " + shown + ") "
                        + problem + "; that header is not set"));
            } else {
                headers.put(key.toLowerCase(Locale.ROOT), value.trim());
            }
        });
        return headers;
    }

    /** The value as a message shows it: control characters escaped, so that a message stays one line. */
    private static String escaped(String value) {
        StringBuilder shown = new StringBuilder();
        (value == null ? "" : value).chars().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\x%02x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.toString();
    }
}
