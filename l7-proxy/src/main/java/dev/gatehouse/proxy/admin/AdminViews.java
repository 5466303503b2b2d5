package dev.gatehouse.proxy.admin;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read-only views that the controller adds to the admin port beside the built-in ones: plain text such as
 * marathon-lb's {@code /_haproxy_getvhostmap}, and JSON such as the dashboard's certificates and problems. The proxy
 * knows nothing of what they say.
 */
public final class AdminViews {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, View> views = new ConcurrentHashMap<>();
    private final Map<String, Supplier<?>> routesFields = new ConcurrentSkipListMap<>();

    public void add(String path, Supplier<String> text) {
        put(path, text == null ? null : new View("text/plain; charset=utf-8", () -> text.get().getBytes(StandardCharsets.UTF_8)));
    }

    /** A view whose supplier returns maps, lists, records and scalars, served as JSON. */
    public void addJson(String path, Supplier<?> json) {
        put(path, json == null ? null : new View("application/json", () -> JSON.writeValueAsBytes(json.get())));
    }

    /** A field the controller adds to {@code /routes}, rendered as JSON after the proxy's own. */
    public void addRoutesField(String name, Supplier<?> json) {
        if (name == null || json == null || RoutesJson.FIELDS.contains(name) || routesFields.putIfAbsent(name, json) != null) {
            throw new IllegalArgumentException("/routes field \"" + name + "\" is already there or has no body (expected a new "
                    + "name and a body)");
        }
    }

    /** The fields added to {@code /routes}, by name. */
    public Map<String, Supplier<?>> routesFields() {
        return routesFields;
    }

    /** A view the proxy renders itself, already encoded. */
    public void addBytes(String path, String contentType, Supplier<byte[]> body) {
        put(path, new View(contentType, body));
    }

    private void put(String path, View view) {
        if (path == null || !path.startsWith("/") || view == null) {
            throw new IllegalArgumentException("admin view \"" + path + "\" needs a path starting with \"/\" and a body");
        }
        if (views.putIfAbsent(path, view) != null) {
            throw new IllegalArgumentException("admin view " + path + " is already served (expected one view per path)");
        }
    }

    /** The view at {@code path}, or null. */
    View get(String path) {
        return views.get(path);
    }

    /** One view: its content type and how to render it now. */
    record View(String contentType, Supplier<byte[]> body) {
    }
}
