package dev.gatehouse.proxy.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP/1.1 server on loopback that answers every request with its own name in the
 * {@code X-Upstream} header and an echo of what it received in the body, one {@code key: value} per line
 * ({@link Echo} reads it back). It records the client port of each request, so a test can count
 * connections. As the Gateway API conformance suite's echo server does, it adds the response headers a request asks for
 * in {@code X-Echo-Set-Header} ({@code Name:value} pairs separated by commas), and answers a request whose query has
 * {@code delay=500ms} (or {@code 2s}) that much later, standing for a slow application.
 */
public final class TestUpstream implements AutoCloseable {

    public static final String NAME_HEADER = "X-Upstream";
    private static final Pattern DELAY = Pattern.compile("(?:^|&)delay=([0-9]{1,5})(ms|s)(?:&|$)");

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    private TestUpstream(String name, HttpServer server, ExecutorService executor) {
        this.name = name;
        this.server = server;
        this.executor = executor;
    }

    /** An echo upstream on a free loopback port. */
    public static TestUpstream start(String name) {
        return start(name, 0, null);
    }

    /** An upstream on a free loopback port that answers with {@code handler} (after recording the request). */
    public static TestUpstream start(String name, HttpHandler handler) {
        return start(name, 0, handler);
    }

    /** An echo upstream on the given loopback port (0 for a free one). */
    public static TestUpstream start(String name, int port, HttpHandler handler) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "upstream-" + name);
                thread.setDaemon(true);
                return thread;
            });
            TestUpstream upstream = new TestUpstream(name, server, executor);
            server.createContext("/", exchange -> upstream.handle(exchange, handler));
            server.setExecutor(executor);
            server.start();
            return upstream;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange, HttpHandler custom) throws IOException {
        clientPorts.add(exchange.getRemoteAddress().getPort());
        if (custom != null) {
            Map<String, String> seen = new TreeMap<>();
            seen.put("method", exchange.getRequestMethod());
            seen.put("uri", exchange.getRequestURI().toString());
            requests.add(seen);
            exchange.getResponseHeaders().set(NAME_HEADER, name);
            custom.handle(exchange);
            return;
        }
        long bodyBytes = drain(exchange.getRequestBody());
        delay(exchange.getRequestURI().getRawQuery());
        Map<String, String> seen = new TreeMap<>();
        seen.put("upstream", name);
        seen.put("method", exchange.getRequestMethod());
        seen.put("uri", exchange.getRequestURI().toString());
        seen.put("body-bytes", Long.toString(bodyBytes));
        exchange.getRequestHeaders().forEach((header, values) ->
                seen.put("header." + header.toLowerCase(), String.join(",", values)));
        requests.add(seen);
        StringBuilder body = new StringBuilder();
        seen.forEach((key, value) -> body.append(key).append(": ").append(value).append('\n'));
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set(NAME_HEADER, name);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        setAskedHeaders(exchange);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private static void delay(String query) {
        Matcher delay = DELAY.matcher(query == null ? "" : query);
        if (!delay.find()) {
            return;
        }
        long millis = Long.parseLong(delay.group(1)) * (delay.group(2).equals("s") ? 1000 : 1);
        try {
            // the slow application the test needs: its answer comes late
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void setAskedHeaders(HttpExchange exchange) {
        for (String pairs : exchange.getRequestHeaders().getOrDefault("X-Echo-Set-Header", List.of())) {
            for (String pair : pairs.split(",")) {
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    exchange.getResponseHeaders().add(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
                }
            }
        }
    }

    private static long drain(InputStream in) throws IOException {
        byte[] buffer = new byte[65536];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
        }
        return total;
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Distinct client ports the upstream saw requests from: one per connection the proxy opened. */
    public Set<Integer> clientPorts() {
        return Set.copyOf(clientPorts);
    }

    /** What each request carried, in arrival order (see {@link Echo} for the keys). */
    public List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
