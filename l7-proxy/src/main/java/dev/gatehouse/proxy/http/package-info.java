/**
 * HTTP message helpers, with no state of their own: the rules a request head must keep ({@code RequestHeadRules},
 * {@code DecodedRequestHeaders}), hop-by-hop and forwarded headers ({@code HopByHopHeaders},
 * {@code ForwardedHeaders}), the proxy's own answers ({@code LocalResponses}), a response made ready for the client
 * ({@code DownstreamResponse}), whether and how it is compressed ({@code ResponseCompression}, {@code AcceptEncoding}),
 * rewrites, a route's own header changes ({@code ResponseHeaders}, {@code HeaderEditor}, made once per snapshot), cookies,
 * request IDs and the variables of templated values. Start at
 * {@code RequestHeadRules} for what is refused, {@code LocalResponses} for what the proxy answers itself.
 */
package dev.gatehouse.proxy.http;
