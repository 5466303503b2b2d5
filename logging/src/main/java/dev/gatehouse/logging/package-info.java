/**
 * Operational logging shared by the data plane and the control side.
 *
 * <p>{@link dev.gatehouse.logging.LogLimiter} bounds the lines that anything a peer can cause writes: the first
 * occurrence per reason, then one summary with the count per interval, so a client that fails a thousand
 * handshakes a second writes the same few lines as one that fails once. {@link dev.gatehouse.logging.Causes}
 * turns an exception chain into the words an operator can act on (which certificate was not trusted and by which
 * trust store, which name did not resolve, which HTTP status and provider error came back), instead of a wrapper's
 * message or an exception class. {@link dev.gatehouse.logging.NamingTrustManager} makes a refused certificate's
 * subject and the trust store that refused it part of the exception, since the JDK's own message names neither.
 */
package dev.gatehouse.logging;
