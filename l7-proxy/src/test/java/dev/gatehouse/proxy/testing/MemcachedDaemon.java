package dev.gatehouse.proxy.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real memcached (Debian's package, which {@code ./run-tests} installs) on 127.0.0.1 and a port picked at random in
 * 20000-29999, with 16 MiB and one thread: what the global rate limit tests count in. {@link #close} stops it.
 */
public final class MemcachedDaemon implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/memcached");
    private static final int TRIES = 5;

    private final Process process;
    private final int port;

    private MemcachedDaemon(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts one and waits until it accepts connections; fails naming the package when memcached is not installed. */
    public static MemcachedDaemon start() {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's memcached package (./run-tests does)");
        }
        IllegalStateException last = null;
        for (int i = 0; i < TRIES; i++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            try {
                // -u only counts when run as root, which memcached refuses without it
                Process process = new ProcessBuilder(List.of(BINARY.toString(), "-l", "127.0.0.1", "-p", Integer.toString(port), "-U", "0",
                        "-m", "16", "-t", "1", "-u", "nobody"))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                MemcachedDaemon daemon = new MemcachedDaemon(process, port);
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> !process.isAlive() || daemon.accepts());
                if (process.isAlive()) {
                    return daemon;
                }
                last = new IllegalStateException("memcached on port " + port + " exited with " + process.exitValue());
            } catch (IOException e) {
                last = new IllegalStateException("memcached could not be started", e);
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** What memcached holds under {@code key}, asked in its text protocol on a connection of its own; null for nothing. */
    public String get(String key) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("get " + key + "\r\n").getBytes(StandardCharsets.US_ASCII));
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String header = reader.readLine();
            if (header == null || !header.startsWith("VALUE ")) {
                return null;
            }
            return reader.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops it and waits until it no longer accepts connections. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
