package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.proxy.testing.Http;
import dev.gatehouse.proxy.testing.TestUpstream;
import dev.gatehouse.proxy.testing.TlsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An early answer reaches a client that is still sending: the proxy reads on and drops what follows instead of
 * closing with unread bytes, which would make the kernel reset the connection and lose the answer.
 */
class LingeringCloseTest {

    private static final int BODY = 4 * 1024 * 1024;

    private static TestUpstream echo;

    @BeforeAll
    static void start() {
        echo = TestUpstream.start("echo");
    }

    @AfterAll
    static void stop() {
        echo.close();
    }

    @Test
    void a_client_that_sends_its_whole_body_after_a_413_still_reads_the_413() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().maxRequestBodyBytes(1000));
             Socket client = new Socket(InetAddress.getLoopbackAddress(), fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: big.example\r\nContent-Length: " + BODY + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            writeJunk(out, BODY);

            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 413").containsIgnoringCase("Connection: close")
                    .endsWith("the request body is larger than 1000 bytes\n");
        }
    }

    @Test
    void a_client_that_goes_on_sending_after_a_431_still_reads_the_431() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().maxHeaderSize(8192));
             Socket client = new Socket(InetAddress.getLoopbackAddress(), fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: big.example\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] header = ("X-Filler: " + "f".repeat(1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int sent = 0; sent < BODY; sent += header.length) {
                out.write(header);
            }

            String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(answer).startsWith("HTTP/1.1 431");
        }
    }

    @Test
    void over_tls_a_client_that_sends_its_whole_body_after_a_413_still_reads_the_413() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().httpsPort(0).maxRequestBodyBytes(1000))) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            try (SSLSocket client = TlsClient.connect(fixture.proxy.httpsAddress().getPort(), "big.example")) {
                client.setSoTimeout(10_000);
                OutputStream out = client.getOutputStream();
                out.write(("POST /upload HTTP/1.1\r\nHost: big.example\r\nContent-Length: " + BODY + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                writeJunk(out, BODY);

                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

                assertThat(answer).startsWith("HTTP/1.1 413").endsWith("the request body is larger than 1000 bytes\n");
            }
        }
    }

    @Test
    void a_lingering_connection_ends_when_the_client_closes_its_side() throws IOException {
        try (ProxyFixture fixture = new ProxyFixture(ProxySettings.builder().maxRequestBodyBytes(1000));
             Socket client = new Socket(InetAddress.getLoopbackAddress(), fixture.port())) {
            fixture.proxy.apply(new Snapshots().route("", "/", "echo", echo.port()).build(1));
            client.setSoTimeout(10_000);
            client.getOutputStream().write(("POST / HTTP/1.1\r\nHost: big.example\r\nContent-Length: 5000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 413");

            client.shutdownOutput();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(new Http(fixture.proxy.adminAddress().getPort()).get(null, "/metrics").body())
                            .contains("gatehouse_downstream_connections_active 0.0"));
        }
    }

    private static void writeJunk(OutputStream out, int length) throws IOException {
        byte[] block = new byte[65536];
        Arrays.fill(block, (byte) 'a');
        for (int sent = 0; sent < length; sent += block.length) {
            out.write(block, 0, Math.min(block.length, length - sent));
        }
        out.flush();
    }
}
