package dev.gatehouse.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Real failures of real clients, named. */
class CausesTest {

    @Test
    void aRefusedConnectionFromTheJdkHttpClientIsNamedThroughItsWrappers() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Throwable failure = catchThrowable(() -> HttpClient.newHttpClient()
                .sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/")).build(),
                        HttpResponse.BodyHandlers.discarding()).get());

        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(Causes.describe(new IllegalStateException("Network error", failure))).isEqualTo("connection refused");
    }

    @Test
    void anUnresolvableNameIsNamed() {
        Throwable failure = catchThrowable(() -> InetAddress.getByName("gatehouse-test.invalid"));

        assertThat(Causes.describe(new IOException("wrapper", failure))).startsWith("name not resolved: gatehouse-test.invalid");
    }

    @Test
    void aTimeoutOfTheJdkHttpClientIsNamed() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Throwable failure = catchThrowable(() -> HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/"))
                            .timeout(Duration.ofMillis(200)).build(), HttpResponse.BodyHandlers.discarding()));

            assertThat(Causes.describe(failure)).startsWith("timed out");
        }
    }

    @Test
    void aDescriberPassedByTheCallerNamesItsOwnExceptionsFirst() {
        Throwable failure = new RuntimeException("call failed", new UnsupportedOperationException("quota"));

        assertThat(Causes.describe(failure, cause -> cause instanceof UnsupportedOperationException
                ? Optional.of("HTTP 429 Throttling: " + cause.getMessage()) : Optional.empty()))
                .isEqualTo("HTTP 429 Throttling: quota");
    }

    @Test
    void anExceptionNobodyKnowsIsNamedByItsRootMessageNotItsWrapper() {
        assertThat(Causes.describe(new RuntimeException("Network error", new IllegalStateException("disk full"))))
                .isEqualTo("disk full");
        assertThat(Causes.describe(new RuntimeException("Network error", new IllegalStateException())))
                .isEqualTo("IllegalStateException");
    }

    @Test
    void aCycleInTheChainEnds() {
        RuntimeException outer = new RuntimeException("outer");
        RuntimeException inner = new RuntimeException("inner", outer);
        outer.initCause(inner);

        assertThat(Causes.chain(outer)).containsExactly(outer, inner);
    }
}
