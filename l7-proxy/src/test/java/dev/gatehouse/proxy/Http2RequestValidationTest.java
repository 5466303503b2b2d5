package dev.gatehouse.proxy;

import static dev.gatehouse.proxy.testing.RawH2Client.GOAWAY;
import static dev.gatehouse.proxy.testing.RawH2Client.HEADERS;
import static dev.gatehouse.proxy.testing.RawH2Client.PROTOCOL_ERROR;
import static dev.gatehouse.proxy.testing.RawH2Client.RST_STREAM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.RawH2Client;
import dev.gatehouse.proxy.testing.TestUpstream;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HTTP/2 requests that RFC 9113 §8 calls malformed, each on its own connection through the proxy to a recording
 * upstream: each is refused on its stream (RST_STREAM with PROTOCOL_ERROR, or a 400) and never reaches the upstream.
 */
class Http2RequestValidationTest {

    private static TestUpstream upstream;
    private static ProxyFixture fixture;

    /** A malformed request: the frames of stream 1 on a fresh connection, marked with {@code x-case: name}. */
    record Case(String name, Function<RawH2Client, byte[][]> frames) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        upstream = TestUpstream.start("echo");
        fixture = new ProxyFixture();
        fixture.proxy.apply(new Snapshots().route("h2.example", "/", "echo", upstream.port()).build(1));
    }

    @AfterAll
    static void stop() {
        fixture.close();
        upstream.close();
    }

    static Stream<Case> malformedRequests() {
        return Stream.of(
                headersOnly("transfer-encoding", request("transfer-encoding").add("transfer-encoding", "chunked")),
                headersOnly("connection", request("connection").add("connection", "keep-alive")),
                headersOnly("keep-alive", request("keep-alive").add("keep-alive", "timeout=5")),
                headersOnly("proxy-connection", request("proxy-connection").add("proxy-connection", "keep-alive")),
                headersOnly("upgrade", request("upgrade").add("upgrade", "websocket")),
                headersOnly("te other than trailers", request("te other than trailers").add("te", "gzip")),
                headersOnly("CR in a value", request("CR in a value").add("x-note", "a\rb")),
                headersOnly("LF in a value", request("LF in a value").add("x-note", "a\nx-injected: 1")),
                headersOnly("NUL in a value", request("NUL in a value").add("x-note", "a\0b")),
                headersOnly("leading space in a value", request("leading space in a value").add("x-note", " a")),
                headersOnly("trailing tab in a value", request("trailing tab in a value").add("x-note", "a\t")),
                headersOnly("CR LF in the path", request("CR LF in the path").path("/a\r\nx-injected: 1")),
                headersOnly("space in the path", request("space in the path").path("/a HTTP/1.1\tx")),
                headersOnly("space in the method", request("space in the method").method("GET /smuggled")),
                headersOnly("non-ASCII in the authority", request("non-ASCII in the authority").authority("h2.example\u00e9")),
                headersOnly("host naming another host than :authority", request("host naming another host than :authority")
                        .add("host", "other.example")),
                headersOnly(":authority that is not host and port", request(":authority that is not host and port")
                        .authority("h2.example/evil")),
                headersOnly("uppercase name", request("uppercase name").add("X-Upper", "1")),
                headersOnly("space in a name", request("space in a name").add("bad name", "1")),
                headersOnly("colon in a name", request("colon in a name").add("x:colon", "1")),
                literal("pseudo-header after a regular one", ":method", "GET", ":scheme", "http", ":authority", "h2.example",
                        "x-case", "pseudo-header after a regular one", ":path", "/late"),
                literal("duplicate :path", ":method", "GET", ":scheme", "http", ":authority", "h2.example", ":path", "/a",
                        ":path", "/b", "x-case", "duplicate :path"),
                headersOnly("duplicate :method", request("duplicate :method").add(":method", "POST")),
                headersOnly("missing :path", without(request("missing :path"), ":path")),
                headersOnly("missing :method", without(request("missing :method"), ":method")),
                headersOnly("missing :scheme", without(request("missing :scheme"), ":scheme")),
                headersOnly("empty :path", request("empty :path").path("")),
                headersOnly("response pseudo-header :status", request("response pseudo-header :status").add(":status", "200")),
                headersOnly("unknown pseudo-header", request("unknown pseudo-header").add(":smuggled", "1")),
                withBody("content-length above the DATA", "10", "hello"),
                withBody("content-length below the DATA", "2", "hello"),
                headersOnly("content-length without DATA", request("content-length without DATA").method("POST")
                        .add("content-length", "5")),
                new Case("pseudo-header in trailers", client -> new byte[][] {
                        client.headers(1, request("pseudo-header in trailers").method("POST"), false),
                        RawH2Client.data(1, "hello".getBytes(StandardCharsets.US_ASCII), false),
                        client.headers(1, new DefaultHttp2Headers(false).path("/trailer"), true)}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void aMalformedRequestIsRefusedOnItsStreamAndNeverReachesTheUpstream(Case malformed) {
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            client.send(malformed.frames().apply(client));

            RawH2Client.Frame answer = client.await(frame -> frame.type() == GOAWAY
                    || (frame.streamId() == 1 && (frame.type() == HEADERS || frame.type() == RST_STREAM)));
            assertThat(answer.type()).as("a stream error, not a connection error").isNotEqualTo(GOAWAY);
            if (answer.type() == HEADERS) {
                assertThat(answer.headers().status()).hasToString("400");
            } else {
                assertThat(answer.errorCode()).isEqualTo(PROTOCOL_ERROR);
            }
        }
        assertThat(upstream.requests()).noneMatch(request -> malformed.name().equals(request.get("header.x-case")));
    }

    @Test
    void aWellFormedRequestBuiltTheSameWayReachesTheUpstream() {
        try (RawH2Client client = new RawH2Client(fixture.port())) {
            Http2Headers post = request("well-formed").method("POST").add("content-length", "5").add("te", "trailers");
            client.send(client.headers(1, post, false), RawH2Client.data(1, "hello".getBytes(StandardCharsets.US_ASCII), true));

            assertThat(client.awaitAnswer(1).headers().status()).hasToString("200");
        }
        assertThat(upstream.requests()).anySatisfy(request -> {
            assertThat(request).containsEntry("header.x-case", "well-formed").containsEntry("body-bytes", "5");
        });
    }

    private static Http2Headers request(String name) {
        return RawH2Client.get("h2.example", "/invalid").add("x-case", name);
    }

    private static Http2Headers without(Http2Headers headers, String name) {
        headers.remove(name);
        return headers;
    }

    private static Case headersOnly(String name, Http2Headers headers) {
        return new Case(name, client -> new byte[][] {client.headers(1, headers, true)});
    }

    private static Case withBody(String name, String contentLength, String body) {
        return new Case(name, client -> new byte[][] {
                client.headers(1, request(name).method("POST").add("content-length", contentLength), false),
                RawH2Client.data(1, body.getBytes(StandardCharsets.US_ASCII), true)});
    }

    /**
     * A request whose header block is written field by field, as literals in the given order: Netty's header map
     * always puts pseudo-headers first, so a misplaced one can only be sent this way.
     */
    private static Case literal(String name, String... fields) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (int i = 0; i < fields.length; i += 2) {
            block.write(0x00);
            writeString(block, fields[i]);
            writeString(block, fields[i + 1]);
        }
        byte[] bytes = block.toByteArray();
        return new Case(name, client -> new byte[][] {
                RawH2Client.frame(HEADERS, RawH2Client.END_HEADERS | RawH2Client.END_STREAM, 1, bytes)});
    }

    private static void writeString(ByteArrayOutputStream block, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        if (bytes.length > 126) {
            throw new IllegalArgumentException("a literal this short test writes is below 127 bytes");
        }
        block.write(bytes.length);
        block.writeBytes(bytes);
    }
}
