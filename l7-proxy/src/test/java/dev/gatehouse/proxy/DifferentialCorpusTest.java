package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.gatehouse.proxy.corpus.ClientOutcome;
import dev.gatehouse.proxy.corpus.CorpusEntry;
import dev.gatehouse.proxy.corpus.CorpusFile;
import dev.gatehouse.proxy.corpus.OutcomeRow;
import dev.gatehouse.proxy.corpus.OutcomeTable;
import dev.gatehouse.proxy.corpus.PeerProxy;
import dev.gatehouse.proxy.corpus.ProxyOutcome;
import dev.gatehouse.proxy.corpus.RawExchange;
import dev.gatehouse.proxy.corpus.RecordingUpstream;
import dev.gatehouse.proxy.corpus.StrictHttp1Parser;
import dev.gatehouse.proxy.corpus.StrictParse;
import dev.gatehouse.proxy.corpus.UpstreamConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sends every entry of the smuggling corpus (src/test/resources/smuggling/corpus.txt) raw, on a new
 * connection, to Gatehouse, nginx and HAProxy, each a plain reverse proxy to its own listener of the same
 * recording upstream, and holds Gatehouse's outcome to {@link dev.gatehouse.proxy.corpus.Verdict}. The outcome
 * table goes to target/corpus-table.md; with {@code -Dcorpus.updateDocs=true} also into docs/security.md.
 */
class DifferentialCorpusTest {

    private static final List<CorpusEntry> CORPUS = CorpusFile.load("/smuggling/corpus.txt");
    private static final Map<String, OutcomeRow> ROWS = new ConcurrentHashMap<>();

    @TempDir
    static Path dir;

    private static RecordingUpstream gatehouseUpstream;
    private static RecordingUpstream nginxUpstream;
    private static RecordingUpstream haproxyUpstream;
    private static ProxyFixture gatehouse;
    private static PeerProxy nginx;
    private static PeerProxy haproxy;
    private static ExecutorService clients;

    @BeforeAll
    static void start() throws Exception {
        assertThat(PeerProxy.NGINX).as("nginx (Debian package nginx-light; ./run-tests installs it)").isExecutable();
        assertThat(PeerProxy.HAPROXY).as("HAProxy (Debian package haproxy; ./run-tests installs it)").isExecutable();
        gatehouseUpstream = RecordingUpstream.start();
        nginxUpstream = RecordingUpstream.start();
        haproxyUpstream = RecordingUpstream.start();
        gatehouse = new ProxyFixture();
        gatehouse.proxy.apply(new Snapshots().route("", "/", "corpus", gatehouseUpstream.port()).build(1));
        nginx = PeerProxy.nginx(Files.createDirectory(dir.resolve("nginx")), nginxUpstream.port());
        haproxy = PeerProxy.haproxy(Files.createDirectory(dir.resolve("haproxy")), haproxyUpstream.port());
        clients = Executors.newFixedThreadPool(3);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (!ROWS.isEmpty()) {
                writeTable();
            }
        } finally {
            close(clients == null ? null : clients::shutdownNow, haproxy, nginx, gatehouse,
                    haproxyUpstream, nginxUpstream, gatehouseUpstream);
        }
    }

    @Test
    void the_corpus_holds_at_least_150_entries_each_with_a_description_and_a_source() {
        assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(150)
                .allSatisfy(entry -> {
                    assertThat(entry.description()).isNotBlank();
                    assertThat(entry.source()).isNotBlank();
                    assertThat(entry.bytes()).isNotEmpty();
                });
    }

    @TestFactory
    Stream<DynamicTest> gatehouse_refuses_each_entry_or_forwards_exactly_what_a_strict_parser_reads() {
        return CORPUS.stream().map(entry -> dynamicTest(entry.id() + ": " + entry.description(), () -> check(entry)));
    }

    private static void check(CorpusEntry entry) throws Exception {
        StrictParse strict = StrictHttp1Parser.parseClientStream(entry.bytes());
        // an entry the strict parser cannot finish is read until the proxy closes or falls silent, so that a
        // lenient proxy's every answer (and so every request it forwards) is seen
        int expected = strict.ending() == StrictParse.Ending.COMPLETE ? Math.max(1, strict.requests().size()) : Integer.MAX_VALUE;
        Future<ProxyOutcome> viaGatehouse = clients.submit(() -> exchange(gatehouseUpstream, gatehouse.port(), entry, expected));
        Future<ProxyOutcome> viaNginx = clients.submit(() -> exchange(nginxUpstream, nginx.port(), entry, expected));
        Future<ProxyOutcome> viaHaproxy = clients.submit(() -> exchange(haproxyUpstream, haproxy.port(), entry, expected));
        OutcomeRow row = new OutcomeRow(entry, strict, viaGatehouse.get(), viaNginx.get(), viaHaproxy.get());
        ROWS.put(entry.id(), row);

        assertThat(row.problems())
                .as("%s (strict parser: %s; Gatehouse: %s; nginx: %s; HAProxy: %s; Gatehouse sent the upstream: %s)",
                        entry.id(), strict.summary(), row.gatehouse().summary(strict), row.nginx().summary(strict),
                        row.haproxy().summary(strict), row.gatehouse().upstream().stream().map(UpstreamConnection::escaped).toList())
                .isEmpty();
    }

    private static ProxyOutcome exchange(RecordingUpstream upstream, int port, CorpusEntry entry, int expected) throws Exception {
        upstream.begin(entry.id());
        ClientOutcome client = RawExchange.send(port, entry.bytes(), expected);
        return new ProxyOutcome(client, upstream.finish(entry.id()));
    }

    private static void writeTable() throws Exception {
        List<OutcomeRow> rows = CORPUS.stream().map(e -> ROWS.get(e.id())).filter(Objects::nonNull).toList();
        String section = OutcomeTable.section(CORPUS.size(), nginx.version() + " and " + haproxy.version(), rows);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/corpus-table.md"), section);
        if (Boolean.getBoolean("corpus.updateDocs")) {
            OutcomeTable.replaceSection(Path.of("../docs/security.md"), section);
        }
    }

    private static void close(AutoCloseable... resources) throws Exception {
        for (AutoCloseable resource : resources) {
            if (resource != null) {
                resource.close();
            }
        }
    }
}
