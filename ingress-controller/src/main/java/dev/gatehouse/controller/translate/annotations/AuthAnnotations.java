package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.RequestFilters;

/**
 * The authentication of an Ingress's routes: basic auth ({@link BasicAuthAnnotations}), then external auth
 * ({@link ExternalAuthAnnotations}), both checked by the proxy in that order. Access control that cannot be read
 * answers every request 503 rather than let one through.
 */
final class AuthAnnotations {

    private AuthAnnotations() {
    }

    /** {@code filters} with the authentication the annotations ask for. */
    static RequestFilters read(AnnotationReader reader, ObjectRef owner, AnnotationContext context, RequestFilters filters) {
        BasicAuth basic = BasicAuthAnnotations.read(reader, owner, context);
        ExternalAuthAnnotations.Reading external = ExternalAuthAnnotations.read(reader, owner, context);
        if (external.unusable()) {
            basic = BasicAuth.unreadable(basic == null ? "" : basic.realm());
        }
        return filters.withBasicAuth(basic).withExternalAuth(external.auth());
    }
}
