package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any bytes a client sends to the HTTP listener go through the pipeline the listener builds (protocol detection,
 * then the HTTP/1 codec with the proxy's limits, the client timeouts and the downstream handler; or HTTP/2 for
 * the h2c preface) without an exception escaping, an exception swallowed, or a buffer leaked. Seeds: well-formed
 * requests of each answer kind, and the request smuggling and malformation cases of issue 24.
 */
class Http1RequestHeadFuzzTest {

    @FuzzTest
    void anyBytesAreAnsweredOrRefusedWithoutAnExceptionOrALeak(byte[] input) {
        FuzzedConnection connection = FuzzedConnection.plain().send(input);

        String answer = connection.answer();
        connection.assertHandledCleanly();
        if (!answer.isEmpty() && !answer.startsWith("\0")) {
            // an HTTP/1 answer (an h2c connection's first bytes are a SETTINGS frame, which starts with a zero byte)
            assertThat(answer).startsWith("HTTP/1.");
        }
    }
}
