package dev.gatehouse.controller.marathon;

import dev.gatehouse.logging.Causes;

/** Marathon could not be read; the message names each URL tried and what it answered. */
final class MarathonException extends RuntimeException {

    MarathonException(String message) {
        super(message);
    }

    /** An I/O failure in words (connection refused, name not resolved, certificate not trusted, timed out). */
    static String describe(Exception e) {
        return Causes.describe(e);
    }
}
