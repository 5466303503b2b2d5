package dev.gatehouse.proxy.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The dashboard's page, script and style, read once from the jar: nothing is fetched from another host, since
 * clusters are often offline. Each is served with its content type; the names are fixed, so a request path can never
 * reach another resource.
 */
public final class DashboardAssets {

    /** Where the dashboard lives on the admin port. */
    public static final String PREFIX = "/dashboard/";

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");
    private static final Map<String, Asset> ASSETS = load();

    private DashboardAssets() {
    }

    /** The asset at {@code path} (under {@link #PREFIX}; the prefix alone is the page), or null. */
    public static Asset find(String path) {
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String name = path.substring(PREFIX.length());
        return ASSETS.get(name.isEmpty() ? "index.html" : name);
    }

    private static Map<String, Asset> load() {
        Map<String, Asset> assets = new HashMap<>();
        TYPES.forEach((name, type) -> {
            try (InputStream in = DashboardAssets.class.getResourceAsStream("dashboard/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard asset " + name + " is missing from the jar");
                }
                assets.put(name, new Asset(type, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard asset " + name, e);
            }
        });
        return Map.copyOf(assets);
    }

    /** One asset: its content type and bytes (shared: never write to them). */
    public record Asset(String contentType, byte[] body) {
    }
}
