package dev.gatehouse.controller;

import static dev.gatehouse.controller.testing.Manifests.ingress;
import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import dev.gatehouse.controller.testing.RoutingWorld;
import dev.gatehouse.controller.translate.TranslatorSettings;
import dev.gatehouse.proxy.testing.Http;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global ConfigMap's compression keys, end to end (issue 30): Gatehouse standalone on a manifest directory compresses
 * what its upstream sends as ingress-nginx with {@code use-gzip} and {@code enable-brotli} would, and a real decoder gets
 * the upstream's answer back.
 */
class CompressionConfigMapTest {

    @TempDir
    Path directory;
    RoutingWorld world;

    @AfterEach
    void stop() {
        if (world != null) {
            world.close();
        }
    }

    @Test
    void use_gzip_and_enable_brotli_compress_answers_that_a_real_decoder_reads_back() throws IOException {
        Files.writeString(directory.resolve("config.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: gatehouse-config
                data:
                  use-gzip: "true"
                  gzip-level: "9"
                  gzip-min-length: "0"
                  enable-brotli: "true"
                  brotli-min-length: "0"
                """);
        world = RoutingWorld.start(directory, Map.of("web", 1), ingress("zip", "zip.example", "Prefix", "/", "web", 8080),
                TranslatorSettings.defaults().withConfig("default/gatehouse-config"));
        // a connection opened once the snapshot with the ConfigMap is live has the compressor
        assertThat(world.answeredBy("zip.example", "/")).isEqualTo("web");
        Http client = new Http(world.gatehouse().proxy().httpAddress().getPort());

        HttpResponse<byte[]> gzip = client.send(client.request("zip.example", "/gzip").header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> brotli = client.send(client.request("zip.example", "/brotli").header("Accept-Encoding", "gzip, br")
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> plain = client.send(client.request("zip.example", "/plain").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(gzip.headers().firstValue("content-encoding")).contains("gzip");
        assertThat(gzip.headers().allValues("vary")).contains("Accept-Encoding");
        assertThat(new String(gunzip(gzip.body()), StandardCharsets.UTF_8)).contains("upstream: web").contains("uri: /gzip");
        assertThat(brotli.headers().firstValue("content-encoding")).contains("br");
        assertThat(new String(unbrotli(brotli.body()), StandardCharsets.UTF_8)).contains("upstream: web").contains("uri: /brotli");
        assertThat(plain.headers().firstValue("content-encoding")).isEmpty();
        assertThat(new String(plain.body(), StandardCharsets.UTF_8)).contains("uri: /plain");
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
}
