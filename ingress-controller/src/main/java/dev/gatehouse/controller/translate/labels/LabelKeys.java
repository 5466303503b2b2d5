package dev.gatehouse.controller.translate.labels;

import io.fabric8.kubernetes.api.model.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of marathon-lb's keys, and where a value for one port is found.
 *
 * <p>Each per-port key {@code HAPROXY_{n}_NAME} has a Gatehouse spelling: {@code gatehouse.dev/{n}.name}
 * (lower case, dashes for underscores), and for port 0 also {@code gatehouse.dev/name}. The Gatehouse
 * spelling wins when both are set. App-wide, {@code HAPROXY_GROUP} is {@code gatehouse.dev/group}.
 */
public final class LabelKeys {

    static final String PREFIX = "HAPROXY_";
    static final String GATEHOUSE = "gatehouse.dev/";
    static final String GROUP = "GROUP";

    /** The per-port keys Gatehouse reads, in the order docs/labels.md lists them. */
    static final List<String> PORT_KEYS = List.of("GROUP", "VHOST", "PATH", "MODE", "REDIRECT_TO_HTTPS", "STICKY", "BALANCE",
            "BACKEND_WEIGHT", "USE_HSTS", "AUTH", "BACKEND_NETWORK_ALLOWED_ACL", "PORT", "ENABLED",
            "HTTP_BACKEND_PROXYPASS_PATH", "HTTP_BACKEND_REVPROXY_PATH", "SSL_CERT", "BACKEND_HEALTHCHECK_PORT_INDEX");

    /**
     * marathon-lb's per-port template overrides: each replaced a piece of the generated HAProxy configuration
     * text. Gatehouse has no configuration text, so they are refused.
     */
    static final Set<String> TEMPLATE_KEYS = Set.of("FRONTEND_HEAD", "BACKEND_HEAD", "FRONTEND_BACKEND_GLUE", "USERLIST_HEAD",
            "BACKEND_REDIRECT_HTTP_TO_HTTPS", "BACKEND_REDIRECT_HTTP_TO_HTTPS_WITH_PATH", "BACKEND_HSTS_OPTIONS",
            "HTTP_FRONTEND_ACL", "HTTP_FRONTEND_ACL_ONLY", "HTTP_FRONTEND_ROUTING_ONLY", "HTTP_FRONTEND_ROUTING_ONLY_WITH_AUTH",
            "HTTP_FRONTEND_ACL_WITH_AUTH", "HTTP_FRONTEND_ACL_WITH_PATH", "HTTP_FRONTEND_ACL_WITH_AUTH_AND_PATH",
            "HTTP_FRONTEND_ACL_ONLY_WITH_PATH", "HTTP_FRONTEND_ACL_ONLY_WITH_PATH_AND_AUTH", "HTTP_FRONTEND_ROUTING_ONLY_WITH_PATH",
            "HTTP_FRONTEND_ROUTING_ONLY_WITH_PATH_AND_AUTH", "HTTP_FRONTEND_APPID_ACL", "HTTPS_FRONTEND_ACL",
            "HTTPS_FRONTEND_ACL_WITH_AUTH", "HTTPS_FRONTEND_ACL_WITH_PATH", "HTTPS_FRONTEND_ACL_WITH_AUTH_AND_PATH",
            "HTTPS_FRONTEND_ACL_ONLY_WITH_PATH", "BACKEND_HTTP_OPTIONS", "BACKEND_HTTP_HEALTHCHECK_OPTIONS",
            "BACKEND_TCP_HEALTHCHECK_OPTIONS", "BACKEND_STICKY_OPTIONS", "BACKEND_SERVER_OPTIONS",
            "BACKEND_SERVER_HTTP_HEALTHCHECK_OPTIONS", "BACKEND_SERVER_TCP_HEALTHCHECK_OPTIONS", "HTTP_BACKEND_PROXYPASS_GLUE",
            "HTTP_BACKEND_REVPROXY_GLUE", "HTTP_BACKEND_NETWORK_ALLOWED_ACL", "TCP_BACKEND_NETWORK_ALLOWED_ACL",
            "MAP_HTTP_FRONTEND_ACL", "MAP_HTTP_FRONTEND_ACL_ONLY", "MAP_HTTP_FRONTEND_APPID_ACL", "MAP_HTTPS_FRONTEND_ACL",
            "BIND_OPTIONS");

    /** Families of template overrides, by the beginning of their names. */
    private static final List<String> TEMPLATE_FAMILIES = List.of("HTTP_FRONTEND_ACL", "HTTPS_FRONTEND_ACL", "HTTP_FRONTEND_ROUTING_ONLY",
            "HTTPS_FRONTEND_ROUTING_ONLY", "HTTPS_FRONTEND_AUTH", "MAP_");
    private static final Pattern GATEHOUSE_PORT_KEY = Pattern.compile("gatehouse\\.dev/([0-9]{1,4})\\.([a-z0-9-]+)");

    private static final Pattern PORT_KEY = Pattern.compile("HAPROXY_([0-9]{1,4})_([A-Z0-9_]+)");

    private LabelKeys() {
    }

    /** A value and the key it was read under, for messages. */
    record Found(String key, String value) {
    }

    /** The value of per-port key {@code name} for port {@code index}, or null. */
    public static Found find(Map<String, String> keys, int index, String name) {
        String dashed = name.toLowerCase(Locale.ROOT).replace('_', '-');
        String own = GATEHOUSE + index + "." + dashed;
        if (keys.containsKey(own)) {
            return new Found(own, keys.get(own));
        }
        // gatehouse.dev/group is the app-wide group, never port 0's own
        if (index == 0 && !name.equals(GROUP) && keys.containsKey(GATEHOUSE + dashed)) {
            return new Found(GATEHOUSE + dashed, keys.get(GATEHOUSE + dashed));
        }
        String haproxy = PREFIX + index + "_" + name;
        return keys.containsKey(haproxy) ? new Found(haproxy, keys.get(haproxy)) : null;
    }

    /** The app-wide group, or null. */
    static Found appGroup(Map<String, String> keys) {
        if (keys.containsKey(GATEHOUSE + "group")) {
            return new Found(GATEHOUSE + "group", keys.get(GATEHOUSE + "group"));
        }
        return keys.containsKey(PREFIX + GROUP) ? new Found(PREFIX + GROUP, keys.get(PREFIX + GROUP)) : null;
    }

    /** Whether any key names a group, app-wide or for a port: what makes a Service label-routed. */
    static boolean namesGroup(Map<String, String> keys) {
        for (String key : keys.keySet()) {
            if (key.equals(PREFIX + GROUP) || key.equals(GATEHOUSE + "group")
                    || (key.startsWith(PREFIX) && key.endsWith("_" + GROUP) && PORT_KEY.matcher(key).matches())
                    || (key.startsWith(GATEHOUSE) && key.endsWith(".group"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Per-port keys ({@code HAPROXY_{n}_NAME} and {@code gatehouse.dev/{n}.name}) with their port index, for
     * finding template overrides and unknown names.
     */
    static Map<String, Integer> portKeys(Map<String, String> keys) {
        Map<String, Integer> found = new HashMap<>();
        for (String key : keys.keySet()) {
            Matcher matcher = PORT_KEY.matcher(key);
            Matcher own = GATEHOUSE_PORT_KEY.matcher(key);
            if (matcher.matches()) {
                found.put(key, Integer.parseInt(matcher.group(1)));
            } else if (own.matches()) {
                found.put(key, Integer.parseInt(own.group(1)));
            }
        }
        return found;
    }

    /** The {@code NAME} of {@code HAPROXY_{n}_NAME}, or of its spelling {@code gatehouse.dev/{n}.name}. */
    static String nameOf(String portKey) {
        Matcher matcher = PORT_KEY.matcher(portKey);
        if (matcher.matches()) {
            return matcher.group(2);
        }
        Matcher own = GATEHOUSE_PORT_KEY.matcher(portKey);
        return own.matches() ? own.group(2).toUpperCase(java.util.Locale.ROOT).replace('-', '_') : portKey;
    }

    /** Whether {@code name} is one of marathon-lb's template overrides. */
    static boolean isTemplate(String name) {
        return TEMPLATE_KEYS.contains(name) || TEMPLATE_FAMILIES.stream().anyMatch(name::startsWith);
    }

    /** Labels, then annotations over them: annotations win, and only they can hold commas and slashes. */
    public static Map<String, String> of(Service service) {
        Map<String, String> keys = new HashMap<>();
        if (service.getMetadata().getLabels() != null) {
            keys.putAll(service.getMetadata().getLabels());
        }
        if (service.getMetadata().getAnnotations() != null) {
            keys.putAll(service.getMetadata().getAnnotations());
        }
        return keys;
    }
}
