package dev.gatehouse.controller.translate.annotations;

/**
 * An Ingress's {@code enable-access-log}: {@code false} keeps its requests out of the access log. It only turns the log
 * off: with the global ConfigMap's {@code disable-access-log}, {@code true} here does not turn it back on, as with
 * ingress-nginx, where the location inherits the server's {@code access_log off}.
 */
final class AccessLogAnnotation {

    private AccessLogAnnotation() {
    }

    /** Whether the Ingress's requests are written to the access log, given whether they would be otherwise. */
    static boolean read(AnnotationReader reader, boolean otherwise) {
        String[] found = reader.value("enable-access-log");
        if (found == null) {
            return otherwise;
        }
        String value = found[1].trim();
        if (value.equals("true") || value.equals("false")) {
            return otherwise && Boolean.parseBoolean(value);
        }
        reader.warn(found, "is not a boolean (expected \"true\" or \"false\"); the global access log setting applies");
        return otherwise;
    }
}
