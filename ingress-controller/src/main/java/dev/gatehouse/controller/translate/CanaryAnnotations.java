package dev.gatehouse.controller.translate;

/** An Ingress's canary settings of a canary Ingress (canary, canary-by-header, canary-by-cookie, canary-weight...). */
record CanaryAnnotations() {

    static final CanaryAnnotations NONE = new CanaryAnnotations();

    static CanaryAnnotations read(AnnotationReader reader, AnnotationContext context) {
        return NONE;
    }
}
