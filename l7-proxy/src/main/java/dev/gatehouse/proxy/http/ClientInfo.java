package dev.gatehouse.proxy.http;

/**
 * Who sent a request, as far as the proxy can tell. The values are header values, so mostly
 * {@code AsciiString}s, which the HTTP encoder copies without converting characters.
 *
 * @param peer        the address that connected (after the PROXY protocol, if any)
 * @param client      the client's address: the peer, or what a trusted peer's X-Forwarded-For says
 * @param trustedPeer whether the peer is a trusted proxy
 * @param port        the listener port, as text
 * @param requestId   the request's X-Request-ID
 * @param scheme      {@code http}, or {@code https} on the HTTPS listener
 */
public record ClientInfo(CharSequence peer, CharSequence client, boolean trustedPeer, CharSequence port, CharSequence requestId,
                  CharSequence scheme) {
}
