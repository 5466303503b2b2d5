/**
 * The exchange: one request forwarded to an upstream and its answer relayed back. Start at {@code Exchange}, a small
 * state machine whose every ending goes through one method; {@code Attempts} decides which endpoint each attempt
 * goes to and whether a failure allows another, {@code UpstreamLeg} holds the attempt's connection,
 * {@code RequestBody} streams the body up (or has {@code BufferedBody} read it whole first, in memory and then a file),
 * {@code ResponseReadAhead} decides how far the answer is read ahead of the client (in memory, then a
 * {@code ResponseFile}), {@code ExchangeDeadlines} keeps
 * the connect, send and read timeouts, {@code ResponseEdits} changes the answer's head for the client,
 * {@code ResponsePace} keeps the answer to the route's rate, and {@code ErrorPageHandover} substitutes the default
 * backend's page for a custom error. An upgrade becomes a {@code Tunnel}. The exchange knows the client connection only
 * as a {@code Downstream}; the client connection knows its request in flight as an {@code ExchangeSlot}, which passes
 * the client's events to the exchange answering it (an error page's, once it takes over). {@code AttemptLoop} runs the
 * attempts and their deadlines; {@code ResponseRelay} hears the upstream connection.
 */
package dev.gatehouse.proxy.exchange;
