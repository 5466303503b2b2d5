/**
 * Real peers for tests of the proxy, shared with the controller's end-to-end tests through the test jar:
 * {@link dev.gatehouse.proxy.testing.TestUpstream}, an HTTP server that says who it is and echoes what it
 * received; {@link dev.gatehouse.proxy.testing.RawUpstream}, a TCP server for upstreams that misbehave on
 * purpose; {@link dev.gatehouse.proxy.testing.EchoUpstream}, a byte echo for TCP listeners; {@link dev.gatehouse.proxy.testing.Http}, a client that can set the Host header;
 * {@link dev.gatehouse.proxy.testing.RawH2Client}, an HTTP/2 client that sends raw, malformed or abusive frames;
 * {@link dev.gatehouse.proxy.testing.MemcachedDaemon}, a real memcached on loopback for global rate limits;
 * {@link dev.gatehouse.proxy.testing.TlsUpstream}, an HTTPS server with its own certificate, for TLS passthrough.
 */
package dev.gatehouse.proxy.testing;
