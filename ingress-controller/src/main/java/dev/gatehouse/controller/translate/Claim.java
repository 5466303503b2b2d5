package dev.gatehouse.controller.translate;

import dev.gatehouse.controller.translate.objects.ObjectRef;
import dev.gatehouse.routing.Route;

/** A route and the Ingress, Service or Marathon app that holds it. */
record Claim(ObjectRef owner, Route route, boolean label) {

    Claim(ObjectRef owner, Route route) {
        this(owner, route, false);
    }
}
