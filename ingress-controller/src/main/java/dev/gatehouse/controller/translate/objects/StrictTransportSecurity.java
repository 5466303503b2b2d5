package dev.gatehouse.controller.translate.objects;

/** The Strict-Transport-Security header value, as the {@code --hsts*} flags and the global ConfigMap's {@code hsts*} keys make it. */
public final class StrictTransportSecurity {

    private StrictTransportSecurity() {
    }

    /** The header value for a max-age in seconds, with includeSubDomains and preload when asked. */
    public static String header(long maxAgeSeconds, boolean includeSubDomains, boolean preload) {
        if (maxAgeSeconds < 0) {
            throw new IllegalArgumentException("HSTS max-age " + maxAgeSeconds + " must be 0 or more seconds");
        }
        return "max-age=" + maxAgeSeconds + (includeSubDomains ? "; includeSubDomains" : "") + (preload ? "; preload" : "");
    }
}
