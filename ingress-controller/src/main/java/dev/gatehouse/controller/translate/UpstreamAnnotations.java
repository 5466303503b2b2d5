package dev.gatehouse.controller.translate;

/** An Ingress's how the Ingress's backends are spoken to (backend-protocol, load-balance, upstream-hash-by, affinity, service-upstream, proxy-next-upstream). */
record UpstreamAnnotations() {

    static final UpstreamAnnotations NONE = new UpstreamAnnotations();

    static UpstreamAnnotations read(AnnotationReader reader, AnnotationContext context) {
        return NONE;
    }
}
