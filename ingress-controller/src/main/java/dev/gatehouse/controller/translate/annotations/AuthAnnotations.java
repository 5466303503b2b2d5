package dev.gatehouse.controller.translate.annotations;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.RequestFilters;

/**
 * The authentication of an Ingress's routes: basic auth ({@link BasicAuthAnnotations}), then external auth
 * ({@link ExternalAuthAnnotations}), both checked by the proxy in that order, after the source lists; {@code satisfy}
 * says whether one of them is enough. Access control that cannot be read answers every request 503 rather than let
 * one through, whatever {@code satisfy} says.
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
        return filters.withBasicAuth(basic).withExternalAuth(external.auth()).withSatisfyAny(satisfyAny(reader));
    }

    /**
     * {@code satisfy}: {@code any} lets a request in when one of the source lists, basic auth and external auth does;
     * {@code all}, the default, when all do. Another value is reported and all of them must pass, the stricter reading.
     */
    private static boolean satisfyAny(AnnotationReader reader) {
        String[] found = reader.value("satisfy");
        if (found == null || found[1].trim().equals("all")) {
            return false;
        }
        if (found[1].trim().equals("any")) {
            return true;
        }
        reader.warn(found, "is not \"any\" or \"all\"; every access check must pass (all) until it is fixed");
        return false;
    }
}
