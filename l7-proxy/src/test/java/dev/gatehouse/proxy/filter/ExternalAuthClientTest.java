package dev.gatehouse.proxy.filter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.testing.RawUpstream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The subrequests of external auth against a real socket: the answer's deadline covers its body too. */
class ExternalAuthClientTest {

    @Test
    void an_answer_whose_body_never_ends_fails_at_the_deadline_and_its_connection_is_closed() throws Exception {
        CountDownLatch abandoned = new CountDownLatch(1);
        // the head at once, then a body that stops short of its Content-Length until the client goes away
        try (RawUpstream auth = RawUpstream.start(socket -> {
            InputStream in = socket.getInputStream();
            RawUpstream.readHead(in);
            socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\npartial".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            if (in.read() < 0) {
                abandoned.countDown();
            }
        });
             ExternalAuthClient client = new ExternalAuthClient(Duration.ofMillis(300))) {
            HttpRequest subrequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + auth.port() + "/check"))
                    .timeout(Duration.ofMillis(300)).GET().build();

            CompletableFuture<ExternalAuthClient.Answer> answer = client.ask(subrequest, null, status -> null, List.of());

            assertThat(answer).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(ExternalAuthClient.Answer.FAILED);
            assertThat(abandoned.await(10, TimeUnit.SECONDS)).as("the exchange given up on closes its connection").isTrue();
        }
    }
}
