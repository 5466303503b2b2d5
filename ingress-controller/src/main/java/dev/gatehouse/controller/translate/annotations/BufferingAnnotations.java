package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.routing.Buffering;
import dev.gatehouse.routing.RequestPolicy;

/**
 * ingress-nginx's buffering keys, as an Ingress's annotations or the global ConfigMap carry them: each key an annotation
 * sets wins over the ConfigMap's, which wins over Gatehouse's default ({@link Buffering#DEFAULT}), one key at a time, so
 * an annotation's {@code proxy-buffer-size} multiplies the ConfigMap's {@code proxy-buffers-number}.
 *
 * @param requests     {@code proxy-request-buffering}: on or off
 * @param bodyBuffer   {@code client-body-buffer-size}: the bytes of a buffered request body held in memory
 * @param responses    {@code proxy-buffering}: on or off
 * @param bufferSize   {@code proxy-buffer-size}
 * @param buffers      {@code proxy-buffers-number}
 * @param tempFile     {@code proxy-max-temp-file-size}: how much more of an answer may wait in a file; 0 for none
 */
public record BufferingAnnotations(boolean requests, int bodyBuffer, boolean responses, long bufferSize, int buffers,
                                   long tempFile) {

    /** Gatehouse's defaults: request bodies buffered, answers streamed, ingress-nginx's sizes. */
    public static final BufferingAnnotations DEFAULTS = new BufferingAnnotations(Buffering.DEFAULT.requests(),
            Buffering.DEFAULT.requestMemoryBytes(), Buffering.DEFAULT.responses(), 4 * 1024, 4,
            Buffering.DEFAULT.responseFileBytes());

    /** What {@code reader} sets, over {@code fallback}; an unusable value is reported and the fallback's applies. */
    static BufferingAnnotations read(AnnotationReader reader, BufferingAnnotations fallback) {
        return new BufferingAnnotations(onOff(reader, "proxy-request-buffering", fallback.requests),
                (int) size(reader, "client-body-buffer-size", fallback.bodyBuffer, Integer.MAX_VALUE),
                onOff(reader, "proxy-buffering", fallback.responses),
                size(reader, "proxy-buffer-size", fallback.bufferSize, Integer.MAX_VALUE), buffers(reader, fallback.buffers),
                tempFile(reader, fallback.tempFile));
    }

    /** As the route's model has it: answers are read ahead up to {@code proxy-buffers-number} × {@code proxy-buffer-size}. */
    public Buffering model() {
        return new Buffering(requests, bodyBuffer, responses, bufferSize * buffers, tempFile);
    }

    private static boolean onOff(AnnotationReader reader, String key, boolean fallback) {
        String[] found = reader.value(key);
        if (found == null) {
            return fallback;
        }
        return switch (found[1].trim()) {
            case "on" -> true;
            case "off" -> false;
            default -> {
                reader.warn(found, "is not on or off (expected \"on\" or \"off\"); using " + (fallback ? "on" : "off"));
                yield fallback;
            }
        };
    }

    private static long size(AnnotationReader reader, String key, long fallback, long most) {
        long bytes = reader.size(key);
        if (bytes == RequestPolicy.NO_LIMIT || bytes > most) {
            reader.warn(reader.value(key), "is not a buffer size (expected a size above 0 and at most " + most
                    + " bytes, such as 16k); using " + fallback);
            return fallback;
        }
        return bytes == 0 ? fallback : bytes;
    }

    /** As in nginx, "0" turns the file off; an absent or unreadable value (reported by the reader) keeps the fallback. */
    private static long tempFile(AnnotationReader reader, long fallback) {
        long bytes = reader.size("proxy-max-temp-file-size");
        if (bytes == RequestPolicy.NO_LIMIT) {
            return 0;
        }
        return bytes == 0 ? fallback : bytes;
    }

    private static int buffers(AnnotationReader reader, int fallback) {
        int count = reader.count("proxy-buffers-number");
        return count > 0 ? count : fallback;
    }
}
