package dev.gatehouse.proxy.corpus;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * nginx or HAProxy from Debian's packages, run as a child process in the foreground as a plain reverse proxy
 * to one upstream, with its configuration, pid file, logs and temporary files in a directory of its own.
 */
public final class PeerProxy implements AutoCloseable {

    public static final Path NGINX = Path.of("/usr/sbin/nginx");
    public static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private final String name;
    private final String binary;
    private final Process process;
    private final int port;
    private final Path dir;

    private PeerProxy(String name, String binary, Process process, int port, Path dir) {
        this.name = name;
        this.binary = binary;
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * nginx as a plain reverse proxy: HTTP/1.1 upstream, the client's Host passed on as ingress-nginx does,
     * and for an HTTP/1.0 request without one nginx's {@code $host} (the server name), so that the upstream
     * still gets a Host.
     */
    public static PeerProxy nginx(Path dir, int upstreamPort) throws IOException {
        int port = freePort();
        String config = """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 256; }
                http {
                    access_log off;
                    map $http_host $forwarded_host { "" $host; default $http_host; }
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    server {
                        listen 127.0.0.1:%2$d;
                        server_name corpus.example;
                        location / {
                            proxy_pass http://127.0.0.1:%3$d;
                            proxy_http_version 1.1;
                            proxy_set_header Host $forwarded_host;
                            proxy_set_header Connection "";
                        }
                    }
                }
                """.formatted(dir, port, upstreamPort);
        Path file = Files.writeString(dir.resolve("nginx.conf"), config);
        return start("nginx", List.of(NGINX.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", file.toString()), port, dir);
    }

    /** HAProxy in HTTP mode with its defaults: keep-alive on both sides, no option that relaxes parsing. */
    public static PeerProxy haproxy(Path dir, int upstreamPort) throws IOException {
        int port = freePort();
        String config = """
                global
                    maxconn 256
                    pidfile %1$s/haproxy.pid
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 5s
                    timeout server 5s
                    timeout http-request 5s
                frontend corpus
                    bind 127.0.0.1:%2$d
                    default_backend upstream
                backend upstream
                    server recording 127.0.0.1:%3$d
                """.formatted(dir, port, upstreamPort);
        Path file = Files.writeString(dir.resolve("haproxy.cfg"), config);
        return start("HAProxy", List.of(HAPROXY.toString(), "-db", "-f", file.toString()), port, dir);
    }

    private static PeerProxy start(String name, List<String> command, int port, Path dir) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("output.log").toFile())
                .start();
        PeerProxy peer = new PeerProxy(name, command.get(0), process, port, dir);
        try {
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited: " + peer.log());
                }
                return peer.accepts();
            });
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** The name and version, as the binary's {@code -v} prints them (nginx 1.22.1, HAProxy 2.6.12). */
    public String version() throws IOException, InterruptedException {
        Process probe = new ProcessBuilder(binary, "-v").redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        probe.waitFor();
        var number = java.util.regex.Pattern.compile("(\\d+\\.\\d+\\.\\d+)").matcher(output);
        return name + " " + (number.find() ? number.group(1) : "(version unknown)");
    }

    public int port() {
        return port;
    }

    private boolean accepts() {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private String log() throws IOException {
        return Files.readString(dir.resolve("output.log"));
    }

    /** A loopback port in 20000-29999 that is free now, for a child process to bind. */
    private static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            try (ServerSocket probe = new ServerSocket(candidate, 1, InetAddress.getLoopbackAddress())) {
                return probe.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new UncheckedIOException(new IOException("no free loopback port in 20000-29999 after 100 tries"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " on port " + port;
    }
}
