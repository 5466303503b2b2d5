package dev.gatehouse.proxy;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A listener with the PROXY protocol on reads a v1 or v2 header, then HTTP, from any bytes a client sends without
 * an exception escaping the pipeline, an exception swallowed, or a buffer leaked. Seeds: v1 and v2 headers for
 * TCP4, TCP6, UNKNOWN and UNIX followed by a request, and truncated, oversized and malformed headers.
 */
class ProxyProtocolFuzzTest {

    @FuzzTest
    void anyHeaderAndRequestAreReadOrRefusedWithoutAnExceptionOrALeak(byte[] input) {
        FuzzedConnection.proxyProtocol().send(input).assertHandledCleanly();
    }
}
