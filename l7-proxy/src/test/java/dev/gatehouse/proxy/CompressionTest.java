package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.sun.net.httpserver.HttpExchange;
import dev.gatehouse.proxy.testing.H2cClient;
import dev.gatehouse.proxy.testing.RawUpstream;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.routing.Compression;
import dev.gatehouse.routing.ProxyTuning;
import dev.gatehouse.routing.RoutingSnapshot;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Answers compressed as ingress-nginx's ConfigMap asks ({@code use-gzip}, {@code enable-brotli} and their keys), through
 * real requests: the compressed body decodes, with a real decoder, to exactly the upstream's bytes, and each answer nginx
 * leaves alone goes out as the upstream sent it.
 */
class CompressionTest {

    private static final byte[] PAGE = ("<html><body>" + "Gatehouse compresses this line of the page. ".repeat(150)
            + "</body></html>").getBytes(StandardCharsets.UTF_8);
    private static final Compression GZIP = Compression.OFF.withGzip(Compression.OFF.gzip().enabled(true));
    private static final Compression BOTH = GZIP.withBrotli(Compression.OFF.brotli().enabled(true));

    private static TestUpstream upstream;
    private static ProxyFixture fixture;
    private static long version;

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start("files", CompressionTest::answer);
        fixture = new ProxyFixture();
    }

    @AfterAll
    static void stop() {
        fixture.close();
        upstream.close();
    }

    @BeforeEach
    void compressBoth() {
        compress(BOTH);
    }

    @Test
    void aGzipAnswerDecodesToTheUpstreamsBytesAndSaysVaryAcceptEncoding() throws IOException {
        double counted = Counters.sum(fixture.registry, "gatehouse_compressed_responses", Map.of("encoding", "gzip"));

        HttpResponse<byte[]> response = get("/page.html", "gzip");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(response.headers().allValues("vary")).contains("Accept-Encoding");
        assertThat(response.headers().firstValue("etag")).contains("W/\"page-1\"");
        assertThat(response.body().length).isLessThan(PAGE.length / 4);
        assertThat(gunzip(response.body())).isEqualTo(PAGE);
        assertThat(Counters.sum(fixture.registry, "gatehouse_compressed_responses", Map.of("encoding", "gzip"))).isEqualTo(counted + 1);
    }

    @Test
    void aClientThatAcceptsBothGetsBrotliWhichDecodesToTheUpstreamsBytes() throws IOException {
        HttpResponse<byte[]> response = get("/page.html", "gzip, deflate, br");

        assertThat(response.headers().firstValue("content-encoding")).contains("br");
        assertThat(response.headers().allValues("vary")).contains("Accept-Encoding");
        assertThat(unbrotli(response.body())).isEqualTo(PAGE);
    }

    @Test
    void anAnswerOfUnknownLengthIsCompressedAsItStreams() throws IOException {
        HttpResponse<byte[]> response = get("/stream.json", "gzip");

        assertThat(response.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(gunzip(response.body())).isEqualTo(PAGE);
    }

    @Test
    void withOnlyGzipOnAClientThatAcceptsBothGetsGzip() throws IOException {
        compress(GZIP);

        HttpResponse<byte[]> response = get("/page.html", "br, gzip");

        assertThat(response.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(gunzip(response.body())).isEqualTo(PAGE);
    }

    @Test
    void aZeroWeightRefusesACodingAndAnotherTheClientAcceptsIsUsed() throws IOException {
        HttpResponse<byte[]> gzip = get("/page.html", "br;q=0, gzip");
        HttpResponse<byte[]> none = get("/page.html", "gzip;q=0, br;q=0.000");
        HttpResponse<byte[]> lighter = get("/page.html", "gzip;q=1, br;q=0.2");

        assertThat(gzip.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(gunzip(gzip.body())).isEqualTo(PAGE);
        assertThat(none.headers().firstValue("content-encoding")).isEmpty();
        assertThat(none.headers().allValues("vary")).contains("Accept-Encoding");
        assertThat(none.body()).isEqualTo(PAGE);
        assertThat(lighter.headers().firstValue("content-encoding")).as("brotli is preferred whenever it is accepted").contains("br");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip;q=abc", "gzip;q=1.5", "gzip;q=0.0001", "gzip;q=", "gzip;q=-1", "gzip;q=NaN", ";;;;,,,,q=,",
        "gzip q=1", "gzipp, bro"})
    void aMalformedAcceptEncodingGetsTheAnswerAsItIs(String acceptEncoding) {
        HttpResponse<byte[]> response = get("/page.html", acceptEncoding);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-encoding")).isEmpty();
        assertThat(response.body()).isEqualTo(PAGE);
    }

    @Test
    void aHugeAcceptEncodingIsReadToItsEndInOnePass() throws IOException {
        String huge = "identity;q=0.5, ".repeat(600) + "gzip;q=0, ".repeat(200) + "br;q=0.9";

        HttpResponse<byte[]> response = get("/page.html", huge);

        assertThat(huge.length()).isGreaterThan(10_000);
        assertThat(response.headers().firstValue("content-encoding")).contains("br");
        assertThat(unbrotli(response.body())).isEqualTo(PAGE);
    }

    @Test
    void anAnswerAlreadyEncodedPassesUnchanged() throws IOException {
        HttpResponse<byte[]> response = get("/gzipped.txt", "gzip, br");

        assertThat(response.headers().allValues("content-encoding")).containsExactly("gzip");
        assertThat(gunzip(response.body())).isEqualTo(PAGE);
    }

    @Test
    void aTypeNotListedIsNotCompressedAndDoesNotVary() {
        HttpResponse<byte[]> response = get("/image.png", "gzip, br");

        assertThat(response.headers().firstValue("content-encoding")).isEmpty();
        assertThat(response.headers().allValues("vary")).isEmpty();
        assertThat(response.body()).isEqualTo(PAGE);
    }

    @Test
    void aBodyShorterThanTheMinimumLengthIsSentAsItIs() throws IOException {
        HttpResponse<byte[]> gzipOnly = get("/small.txt", "gzip");
        HttpResponse<byte[]> brotli = get("/small.txt", "br");
        HttpResponse<byte[]> tiny = get("/tiny.txt", "br");

        assertThat(gzipOnly.headers().firstValue("content-encoding")).as("100 bytes, below gzip-min-length 256").isEmpty();
        assertThat(gzipOnly.body()).hasSize(100);
        assertThat(brotli.headers().firstValue("content-encoding")).as("100 bytes, above brotli-min-length 20").contains("br");
        assertThat(unbrotli(brotli.body())).hasSize(100);
        assertThat(tiny.headers().firstValue("content-encoding")).as("10 bytes, below brotli-min-length 20").isEmpty();
        assertThat(tiny.body()).hasSize(10);
    }

    @Test
    void aRangeIsNotCompressed() {
        HttpResponse<byte[]> response = get("/range.txt", "gzip, br");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("content-encoding")).isEmpty();
        assertThat(response.headers().firstValue("content-range")).contains("bytes 0-299/6000");
        assertThat(response.body()).isEqualTo(Arrays.copyOf(PAGE, 300));
    }

    @Test
    void headNoContentAndNotModifiedAnswersAreNotCompressed() {
        HttpResponse<byte[]> head = fixture.http.send(request("/page.html", "gzip, br").method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> noContent = get("/empty", "gzip, br");
        HttpResponse<byte[]> notModified = get("/unchanged", "gzip, br");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("content-encoding")).isEmpty();
        assertThat(head.body()).isEmpty();
        assertThat(noContent.statusCode()).isEqualTo(204);
        assertThat(noContent.headers().firstValue("content-encoding")).isEmpty();
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("content-encoding")).isEmpty();
    }

    @Test
    void onlyOkForbiddenAndNotFoundAnswersAreCompressedAsNginxDoes() throws IOException {
        HttpResponse<byte[]> notFound = get("/missing.html", "gzip");
        HttpResponse<byte[]> failed = get("/failed.html", "gzip");

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(gunzip(notFound.body())).isEqualTo(PAGE);
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("content-encoding")).isEmpty();
        assertThat(failed.body()).isEqualTo(PAGE);
    }

    @Test
    void grpcIsNeverCompressedEvenWhenEveryTypeIs() {
        compress(BOTH.withGzip(new Compression.Codec(true, 1, 0, List.of("*")))
                .withBrotli(new Compression.Codec(true, 4, 0, List.of("*"))));

        HttpResponse<byte[]> grpc = get("/grpc", "gzip, br");
        HttpResponse<byte[]> image = get("/image.png", "gzip");

        assertThat(grpc.headers().firstValue("content-encoding")).isEmpty();
        assertThat(grpc.body()).isEqualTo(PAGE);
        assertThat(image.headers().firstValue("content-encoding")).as("* lists every other type").contains("gzip");
    }

    @Test
    void aUserAgentThatGzipDisableNamesGetsNoGzipButStillVary() throws IOException {
        compress(GZIP.withGzipDisable(Compression.userAgents("legacybrowser/[0-9]")));

        HttpResponse<byte[]> legacy = fixture.http.send(request("/page.html", "gzip").header("User-Agent", "LegacyBrowser/6 (x)")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> modern = get("/page.html", "gzip");

        assertThat(legacy.headers().firstValue("content-encoding")).isEmpty();
        assertThat(legacy.headers().allValues("vary")).contains("Accept-Encoding");
        assertThat(legacy.body()).isEqualTo(PAGE);
        assertThat(gunzip(modern.body())).isEqualTo(PAGE);
    }

    @Test
    void anHttp10ClientGetsTheAnswerAsItIs() throws IOException {
        try (RawClient client = new RawClient(fixture.port())) {
            client.send("GET /page.html HTTP/1.0\r\nHost: files.example\r\nAccept-Encoding: gzip, br\r\n\r\n");

            String response = client.readResponse();

            assertThat(response).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("content-encoding")
                    .endsWith(new String(PAGE, StandardCharsets.UTF_8));
        }
    }

    @Test
    void anHttp2StreamIsCompressedAsAnHttp1RequestIs() throws IOException {
        try (H2cClient client = new H2cClient(fixture.port())) {
            H2cClient.Response gzip = client.send(HttpMethod.GET, "files.example", "/page.html", null, Map.of("accept-encoding", "gzip"));
            H2cClient.Response brotli = client.send(HttpMethod.GET, "files.example", "/stream.json", null,
                    Map.of("accept-encoding", "br"));
            H2cClient.Response refused = client.send(HttpMethod.GET, "files.example", "/page.html", null,
                    Map.of("accept-encoding", "br;q=0, gzip;q=0"));

            assertThat(gzip.headers()).containsEntry("content-encoding", "gzip").containsEntry("vary", "Accept-Encoding")
                    .doesNotContainKey("transfer-encoding");
            assertThat(gunzip(gzip.bytes())).isEqualTo(PAGE);
            assertThat(brotli.headers()).containsEntry("content-encoding", "br");
            assertThat(unbrotli(brotli.bytes())).isEqualTo(PAGE);
            assertThat(refused.headers()).doesNotContainKey("content-encoding");
            assertThat(refused.bytes()).isEqualTo(PAGE);
        }
    }

    @Test
    void anUpgradedConnectionIsATunnelOfTheBytesAsSent() throws IOException {
        try (RawUpstream echo = RawUpstream.start(socket -> {
            RawUpstream.readHead(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\nContent-Type: text/html\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] word = socket.getInputStream().readNBytes(5);
            out.write(word);
            out.flush();
        }); RawClient client = new RawClient(fixture.port())) {
            fixture.proxy.apply(snapshot(new Snapshots().route("tunnel.example", "/", "tunnel", echo.port()), BOTH));

            client.send("GET /chat HTTP/1.1\r\nHost: tunnel.example\r\nUpgrade: echo\r\nConnection: Upgrade\r\n"
                    + "Accept-Encoding: gzip, br\r\n\r\n");

            assertThat(client.readHead()).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("content-encoding");
            client.send("hello");
            assertThat(client.readExactly(5)).isEqualTo("hello");
        }
    }

    @Test
    void turningCompressionOffStopsItForTheNextRequestOnAnOpenConnection() {
        HttpResponse<byte[]> before = get("/page.html", "gzip");
        compress(Compression.OFF);

        HttpResponse<byte[]> after = get("/page.html", "gzip");

        assertThat(before.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(after.headers().firstValue("content-encoding")).isEmpty();
        assertThat(after.headers().allValues("vary")).isEmpty();
        assertThat(after.body()).isEqualTo(PAGE);
    }

    private static void compress(Compression compression) {
        fixture.proxy.apply(snapshot(new Snapshots().route("files.example", "/", "files", upstream.port()), compression));
    }

    private static RoutingSnapshot snapshot(Snapshots routes, Compression compression) {
        return routes.build(++version).withTuning(ProxyTuning.DEFAULTS.withCompression(compression));
    }

    private static HttpResponse<byte[]> get(String path, String acceptEncoding) {
        return fixture.http.send(request(path, acceptEncoding).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpRequest.Builder request(String path, String acceptEncoding) {
        return fixture.http.request("files.example", path).header("Accept-Encoding", acceptEncoding);
    }

    private static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static byte[] unbrotli(byte[] body) throws IOException {
        Brotli4jLoader.ensureAvailability();
        DirectDecompress decoded = DirectDecompress.decompress(body);
        assertThat(decoded.getResultStatus()).isEqualTo(DecoderJNI.Status.DONE);
        return decoded.getDecompressedData();
    }

    /** The upstream's files: one per rule, each as an origin server would send it. */
    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        var headers = exchange.getResponseHeaders();
        switch (path) {
            case "/page.html" -> {
                headers.set("Content-Type", "text/html; charset=utf-8");
                headers.set("ETag", "\"page-1\"");
                send(exchange, 200, PAGE);
            }
            case "/stream.json" -> {
                headers.set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(PAGE, 0, 1000);
                    out.flush();
                    out.write(PAGE, 1000, PAGE.length - 1000);
                }
            }
            case "/small.txt" -> {
                headers.set("Content-Type", "text/plain");
                send(exchange, 200, Arrays.copyOf(PAGE, 100));
            }
            case "/tiny.txt" -> {
                headers.set("Content-Type", "text/plain");
                send(exchange, 200, Arrays.copyOf(PAGE, 10));
            }
            case "/image.png" -> {
                headers.set("Content-Type", "image/png");
                send(exchange, 200, PAGE);
            }
            case "/gzipped.txt" -> {
                headers.set("Content-Type", "text/plain");
                headers.set("Content-Encoding", "gzip");
                send(exchange, 200, gzip(PAGE));
            }
            case "/range.txt" -> {
                headers.set("Content-Type", "text/plain");
                headers.set("Content-Range", "bytes 0-299/6000");
                send(exchange, 206, Arrays.copyOf(PAGE, 300));
            }
            case "/empty" -> {
                headers.set("Content-Type", "text/html");
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
            case "/unchanged" -> {
                headers.set("Content-Type", "text/html");
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
            }
            case "/missing.html" -> {
                headers.set("Content-Type", "text/html");
                send(exchange, 404, PAGE);
            }
            case "/failed.html" -> {
                headers.set("Content-Type", "text/html");
                send(exchange, 500, PAGE);
            }
            case "/grpc" -> {
                headers.set("Content-Type", "application/grpc+proto");
                send(exchange, 200, PAGE);
            }
            default -> send(exchange, 404, new byte[0]);
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(body);
        }
        return bytes.toByteArray();
    }
}
