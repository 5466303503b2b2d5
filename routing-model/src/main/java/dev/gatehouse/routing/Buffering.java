package dev.gatehouse.routing;

/**
 * How a route's bodies wait in the proxy, ingress-nginx's {@code proxy-request-buffering} and {@code proxy-buffering}.
 *
 * @param requests           whether a request body is read completely before an upstream is chosen and connected, so a
 *                           slow client never holds an upstream connection; false streams it up as it comes
 * @param requestMemoryBytes how much of such a body is held in memory ({@code client-body-buffer-size}); the rest goes to a
 *                           temporary file that is deleted when the exchange ends
 * @param responses          whether the upstream's answer is read ahead of a slow client, so the upstream connection is free
 *                           sooner; false reads it only as fast as the client takes it
 * @param responseBytes      how many bytes of an answer may wait for the client before the upstream is no longer read
 *                           in memory ({@code proxy-buffers-number} × {@code proxy-buffer-size}), when {@code responses}
 * @param responseFileBytes  how many more bytes of such an answer may wait in a temporary file beyond the memory
 *                           ({@code proxy-max-temp-file-size}); 0 keeps answers in memory only, so the upstream is then read
 *                           only as fast as the client takes what the memory holds
 */
public record Buffering(boolean requests, int requestMemoryBytes, boolean responses, long responseBytes, long responseFileBytes) {

    /** ingress-nginx's {@code client-body-buffer-size}: 8k. */
    public static final int REQUEST_MEMORY_BYTES = 8 * 1024;
    /** ingress-nginx's {@code proxy-buffers-number} × {@code proxy-buffer-size}: 4 × 4k. */
    public static final long RESPONSE_BYTES = 4 * 4 * 1024;
    /** ingress-nginx's {@code proxy-max-temp-file-size}: 1024m. */
    public static final long RESPONSE_FILE_BYTES = 1024L * 1024 * 1024;

    /** Gatehouse's defaults (docs/annotations.md says why): request bodies buffered, answers streamed. */
    public static final Buffering DEFAULT = new Buffering(true, REQUEST_MEMORY_BYTES, false, RESPONSE_BYTES, RESPONSE_FILE_BYTES);

    public Buffering {
        if (requestMemoryBytes < 0) {
            throw new IllegalArgumentException("request body memory " + requestMemoryBytes + " must be 0 or more bytes");
        }
        if (responseBytes < 0) {
            throw new IllegalArgumentException("response buffer " + responseBytes + " must be 0 or more bytes");
        }
        if (responseFileBytes < 0) {
            throw new IllegalArgumentException("response file " + responseFileBytes + " must be 0 or more bytes");
        }
    }
}
