package dev.gatehouse.controller.demo;

import com.sun.net.httpserver.HttpExchange;
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
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP server on loopback that plays one replica of a web server: it answers every request with
 * its name and what it received, so a curl through the proxy shows which replica answered and which
 * forwarded headers the proxy added.
 */
public final class EchoUpstream implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor;

    private EchoUpstream(String name, HttpServer server, ExecutorService executor) {
        this.name = name;
        this.server = server;
        this.executor = executor;
    }

    /**
     * @throws UncheckedIOException when the port is taken, naming it
     */
    public static EchoUpstream start(String name, int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        HttpServer server;
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new UncheckedIOException("demo upstream " + name + ": cannot bind " + address.getHostString() + ":" + port
                    + " (" + e.getMessage() + "; expected a free port)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "demo-" + name);
            thread.setDaemon(true);
            return thread;
        });
        EchoUpstream upstream = new EchoUpstream(name, server, executor);
        server.createContext("/", upstream::answer);
        server.setExecutor(executor);
        server.start();
        return upstream;
    }

    private void answer(HttpExchange exchange) throws IOException {
        long received = drain(exchange.getRequestBody());
        StringBuilder body = new StringBuilder()
                .append("Hello from ").append(name).append(" (").append(exchange.getLocalAddress().getHostString())
                .append(':').append(exchange.getLocalAddress().getPort()).append(")\n")
                .append(exchange.getRequestMethod()).append(' ').append(exchange.getRequestURI()).append(' ')
                .append(exchange.getProtocol()).append('\n');
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(exchange.getRequestHeaders());
        headers.forEach((header, values) -> body.append(header).append(": ").append(String.join(", ", values)).append('\n'));
        if (received > 0) {
            body.append("(request body: ").append(received).append(" bytes)\n");
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Served-By", name);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    private static long drain(InputStream in) throws IOException {
        long total = 0;
        byte[] buffer = new byte[16384];
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

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
