package dev.gatehouse.proxy.admin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Read-only plain-text views that the controller adds to the admin port beside the built-in ones, such as
 * marathon-lb's {@code /_haproxy_getvhostmap}: the proxy knows nothing of what they say.
 */
public final class AdminViews {

    private final Map<String, Supplier<String>> views = new ConcurrentHashMap<>();

    public void add(String path, Supplier<String> text) {
        if (path == null || !path.startsWith("/") || text == null) {
            throw new IllegalArgumentException("admin view \"" + path + "\" needs a path starting with \"/\" and a text");
        }
        if (views.putIfAbsent(path, text) != null) {
            throw new IllegalArgumentException("admin view " + path + " is already served (expected one view per path)");
        }
    }

    /** The view at {@code path}, or null. */
    public Supplier<String> get(String path) {
        return views.get(path);
    }
}
