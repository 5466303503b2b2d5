package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.BasicAuth;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.RouteAction;

/** A route and the Ingress, Service or Marathon app that holds it. */
record Claim(ObjectRef owner, Route route, boolean label) {

    Claim(ObjectRef owner, Route route) {
        this(owner, route, false);
    }

    /**
     * This claim with every request of its route answered 503, as for access control that cannot be read; a redirect
     * is left as it is, since it forwards nothing.
     */
    Claim refusingEveryRequest() {
        if (!(route.action() instanceof RouteAction.Forward forward)) {
            return this;
        }
        return new Claim(owner, new Route(route.name(), route.path(), forward.withFilters(forward.filters()
                .withBasicAuth(BasicAuth.unreadable(""))), route.priority(), route.match()), label);
    }
}
