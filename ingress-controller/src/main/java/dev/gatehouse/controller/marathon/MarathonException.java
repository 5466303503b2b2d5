package dev.gatehouse.controller.marathon;

/** Marathon could not be read; the message names each URL tried and what it answered. */
final class MarathonException extends RuntimeException {

    MarathonException(String message) {
        super(message);
    }

    /** An I/O failure in words: the JDK's client leaves the message of a refused connection empty. */
    static String describe(Exception e) {
        String message = e.getMessage();
        String type = e.getClass().getSimpleName();
        if (message == null || message.isBlank()) {
            Throwable cause = e.getCause();
            return cause == null || cause.getMessage() == null ? type : type + ": " + cause.getMessage();
        }
        return type + ": " + message;
    }
}
