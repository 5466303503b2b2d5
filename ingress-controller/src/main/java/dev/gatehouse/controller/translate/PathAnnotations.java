package dev.gatehouse.controller.translate;

/** An Ingress's path matching and rewriting (use-regex, rewrite-target, from-to-www-redirect). */
record PathAnnotations() {

    static final PathAnnotations NONE = new PathAnnotations();

    static PathAnnotations read(AnnotationReader reader, AnnotationContext context) {
        return NONE;
    }
}
