package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.routing.ResponseRate;

/**
 * An Ingress's response bandwidth: {@code limit-rate} kilobytes per second per request, after {@code limit-rate-after}
 * kilobytes, each defaulting to the global ConfigMap's key of the same name. ingress-nginx renders both, the
 * ConfigMap's too, as nginx's {@code limit_rate Nk} and {@code limit_rate_after Nk}, so both are kilobytes (1024 bytes)
 * here as well, whatever its ConfigMap page says of bytes. A value that cannot be read is reported and the default
 * applies.
 */
final class ResponseRateAnnotations {

    private static final long KILOBYTE = 1024;

    private ResponseRateAnnotations() {
    }

    /** The rate of the Ingress's answers, or null when neither it nor the ConfigMap sets one. */
    static ResponseRate read(AnnotationReader reader, GlobalConfig global) {
        int rate = reader.kilobytes("limit-rate", global.limitRate());
        int after = reader.kilobytes("limit-rate-after", global.limitRateAfter());
        // as nginx, an initial amount without a rate limits nothing
        return rate == 0 ? null : new ResponseRate(rate * KILOBYTE, after * KILOBYTE);
    }
}
