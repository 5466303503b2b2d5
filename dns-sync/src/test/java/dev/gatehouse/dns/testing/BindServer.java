package dev.gatehouse.dns.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * A real BIND 9 ({@code named} from Debian's {@code bind9} package) on a free loopback port, with zones
 * that accept dynamic updates and zone transfers signed by one TSIG key, as an operator would set up
 * {@code update-policy}. A zone made with {@link Zone#closedToTransfer} refuses AXFR.
 */
public final class BindServer implements AutoCloseable {

    public static final String KEY_NAME = "gatehouse-test-key";
    private static final Path NAMED = Path.of("/usr/sbin/named");

    private final Process process;
    private final Path directory;
    private final int port;
    private final String secret;

    /**
     * A zone to serve.
     *
     * @param name e.g. {@code example.test}
     * @param records zone-file lines added after the SOA and NS, e.g. {@code "legacy 300 IN A 192.0.2.9"}
     * @param transfer whether the key may transfer the zone
     */
    public record Zone(String name, List<String> records, boolean transfer) {

        public static Zone of(String name, String... records) {
            return new Zone(name, List.of(records), true);
        }

        public static Zone closedToTransfer(String name) {
            return new Zone(name, List.of(), false);
        }
    }

    private BindServer(Process process, Path directory, int port, String secret) {
        this.process = process;
        this.directory = directory;
        this.port = port;
        this.secret = secret;
    }

    public static BindServer start(Path directory, Zone... zones) throws IOException {
        if (!Files.isExecutable(NAMED)) {
            throw new IllegalStateException(NAMED + " is missing: install Debian's bind9 package (run-tests does)");
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secret = Base64.getEncoder().encodeToString(key);
        int port = freePort();
        StringBuilder conf = new StringBuilder();
        conf.append("options {\n")
                .append("  directory \"").append(directory).append("\";\n")
                .append("  pid-file \"").append(directory.resolve("named.pid")).append("\";\n")
                .append("  session-keyfile \"").append(directory.resolve("session.key")).append("\";\n")
                .append("  managed-keys-directory \"").append(directory).append("\";\n")
                .append("  listen-on port ").append(port).append(" { 127.0.0.1; };\n")
                .append("  listen-on-v6 { none; };\n")
                .append("  recursion no;\n  dnssec-validation no;\n  notify no;\n")
                .append("  allow-query { 127.0.0.1; };\n")
                .append("};\n")
                .append("controls { };\n")
                .append("key \"").append(KEY_NAME).append("\" { algorithm hmac-sha256; secret \"").append(secret)
                .append("\"; };\n");
        for (Zone zone : zones) {
            Path file = directory.resolve(zone.name() + ".zone");
            List<String> lines = new ArrayList<>(List.of(
                    "$TTL 300",
                    "@ IN SOA ns." + zone.name() + ". hostmaster." + zone.name() + ". 1 3600 600 86400 300",
                    "@ IN NS ns." + zone.name() + ".",
                    "ns IN A 127.0.0.1"));
            lines.addAll(zone.records());
            Files.write(file, lines);
            conf.append("zone \"").append(zone.name()).append("\" {\n")
                    .append("  type primary;\n  file \"").append(file).append("\";\n")
                    .append("  update-policy { grant ").append(KEY_NAME).append(" zonesub ANY; };\n")
                    .append("  allow-transfer { ").append(zone.transfer() ? "key " + KEY_NAME + ";" : "none;")
                    .append(" };\n};\n");
        }
        Path confFile = directory.resolve("named.conf");
        Files.writeString(confFile, conf);
        Process process = new ProcessBuilder(NAMED.toString(), "-g", "-4", "-n", "1", "-c", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("named.log").toFile())
                .start();
        BindServer server = new BindServer(process, directory, port, secret);
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("named exited: " + Files.readString(directory.resolve("named.log")));
                }
                return server.answers(zones[0].name());
            });
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** The TSIG secret, base64, as the {@code key} clause holds it. */
    public String secret() {
        return secret;
    }

    /** The zone's SOA serial: BIND increments it on every update it applies, so it counts writes. */
    public long serial(String zone) throws IOException {
        Record soa = query(zone, Type.SOA).get(0);
        return ((SOARecord) soa).getSerial();
    }

    /** The answer records for a name and type, straight from the server. */
    public List<Record> query(String name, int type) throws IOException {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        resolver.setTimeout(Duration.ofSeconds(5));
        Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type,
                DClass.IN)));
        if (response.getRcode() != Rcode.NOERROR && response.getRcode() != Rcode.NXDOMAIN) {
            throw new IOException(name + " " + Type.string(type) + ": " + Rcode.string(response.getRcode()));
        }
        return response.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type).toList();
    }

    /** The values of a name's records of one type, as text: addresses, targets or TXT strings. */
    public List<String> values(String name, int type) throws IOException {
        List<String> values = new ArrayList<>();
        for (Record record : query(name, type)) {
            values.add(record.rdataToString());
        }
        return values.stream().sorted().toList();
    }

    public Map<String, String> log() throws IOException {
        return Map.of("named.log", Files.readString(directory.resolve("named.log")));
    }

    private boolean answers(String zone) {
        try {
            return !query(zone, Type.SOA).isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int candidate = tcp.getLocalPort();
                try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        candidate))) {
                    return candidate;
                } catch (IOException busy) {
                    continue;
                }
            }
        }
        throw new IOException("no free loopback port for named");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
